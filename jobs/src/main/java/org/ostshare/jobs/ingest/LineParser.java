package org.ostshare.jobs.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.quality.Reason;
import org.ostshare.jobs.settings.SourceSettings;

/**
 * Turns one raw line (its bytes, as Spark's text source keeps them) into fields: decodes the bytes
 * strictly in the source's character set, recognises the file's header line and blank lines, splits
 * the line with Apache Commons CSV (delimiter, double quotes) and picks each canonical column's
 * field through the file's {@link FileLayout}. Never throws on bad input: a line that cannot be
 * decoded or split comes back with its reason.
 *
 * <p>Values are stripped of surrounding white space; an empty value is null. The file comes back as
 * its position in the source's files (sorted by path, so positions sort as the names do) and the
 * line only where its text is not the bytes read as UTF-8 (see {@link #RESULT}): every field this
 * returns is converted to Spark's form and carried through validation's shuffle, and a large ingest
 * spent several per cent of its time on the two (docs/benchmarks.md, item 26).
 */
public final class LineParser implements UDF2<String, byte[], Row> {
  private static final long serialVersionUID = 1L;

  /** What a line is. Only data lines count as read. */
  public enum Kind {
    DATA,
    HEADER,
    BLANK
  }

  /**
   * The struct this UDF returns. {@code file} is the file's position in the source's files; {@code
   * line} is the decoded line when it differs from the line's bytes read as UTF-8 (the source is in
   * another character set, or the bytes do not decode), else null: the text source's value is the
   * line.
   */
  public static final StructType RESULT =
      new StructType()
          .add("file", DataTypes.IntegerType, false)
          .add("kind", DataTypes.StringType, false)
          .add("line", DataTypes.StringType, true)
          .add("error_code", DataTypes.StringType, true)
          .add("error_message", DataTypes.StringType, true)
          .add("values", DataTypes.createArrayType(DataTypes.StringType, true), true);

  /** The CSV parser's message for a character after a closing quote; its group is the position. */
  private static final Pattern CLOSING_QUOTE =
      Pattern.compile(
          "Invalid char(?:acter)? between encapsulated token and delimiter at line: \\d+,"
              + " position: (\\d+)");

  private final Map<String, Integer> positions;
  private final List<FileLayout> layouts;
  private final String encoding;
  private final boolean utf8;
  private final char delimiter;
  private final String table;
  private final int columnCount;
  private transient CSVFormat format;
  private transient Charset charset;
  private transient CharsetDecoder decoder;
  private transient String lastUri;
  private transient Integer lastPosition;

  /**
   * @param files the source's files, in the order whose positions the parser returns
   */
  public LineParser(SourceSettings source, List<FileLayout> files) {
    Map<String, Integer> byFile = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      byFile.put(files.get(i).file(), i);
    }
    this.positions = byFile;
    this.layouts = List.copyOf(files);
    this.encoding = source.encoding();
    this.utf8 = Charset.forName(encoding).equals(StandardCharsets.UTF_8);
    this.delimiter = source.delimiter();
    this.table = source.domain().table();
    this.columnCount = source.domain().columns().size();
  }

  @Override
  public Row call(String fileUri, byte[] bytes) {
    int file = position(fileUri);
    FileLayout layout = layouts.get(file);
    String line;
    try {
      // a line in ASCII, nearly every line of a UTF-8 export, is its own text: copied, not decoded
      line =
          utf8 && ascii(bytes)
              ? new String(bytes, StandardCharsets.ISO_8859_1)
              : decoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      String lenient = new String(bytes, charset());
      String at = firstBad(bytes);
      return RowFactory.create(
          file,
          Kind.DATA.name(),
          lenient,
          Reason.BAD_ENCODING.name(),
          "the line is not valid " + encoding + at,
          null);
    }
    String text = line;
    if (utf8) {
      // the text source's value holds these bytes already
      line = null;
    }
    String content = stripBom(text);
    if (layout.header() != null && content.equals(layout.header())) {
      return RowFactory.create(file, Kind.HEADER.name(), line, null, null, null);
    }
    if (content.isBlank()) {
      return RowFactory.create(file, Kind.BLANK.name(), line, null, null, null);
    }
    String[] fields;
    if (plain(content)) {
      fields = split(content, delimiter);
    } else {
      try (CSVParser parser = CSVParser.parse(new StringReader(content), format())) {
        Iterator<CSVRecord> records = parser.iterator();
        fields = records.next().values();
        if (records.hasNext()) {
          return malformed(file, line, "the line holds more than one record");
        }
      } catch (IOException | UncheckedIOException | IllegalStateException e) {
        return malformed(
            file, line, "the quoting is broken (" + quotingProblem(e, delimiter, table) + ")");
      }
    }
    if (fields.length != layout.fieldCount()) {
      String expected =
          layout.header() != null
              ? "the header of its file has " + layout.fieldCount()
              : "the domain has " + layout.fieldCount() + " columns";
      if (fields.length == 1) {
        // no delimiter at all: most often a file separated by another character
        return malformed(
            file,
            line,
            "the line has 1 field, no "
                + (delimiter == '\t' ? "tab" : "'" + delimiter + "'")
                + " in it; "
                + expected
                + " (is ingest.sources."
                + table
                + ".delimiter right?)");
      }
      return malformed(file, line, "the line has " + fields.length + " fields; " + expected);
    }
    String[] values = new String[columnCount];
    for (int i = 0; i < columnCount; i++) {
      int at = layout.position(i);
      if (at >= 0) {
        String v = fields[at].strip();
        values[i] = v.isEmpty() ? null : v;
      }
    }
    return RowFactory.create(file, Kind.DATA.name(), line, null, null, values);
  }

  /**
   * Whether a line can be split at its delimiters alone: without quotes or line breaks, CSV has
   * nothing to interpret, and most lines of an export are like that. Splitting them directly spares
   * a CSV parser per line, which showed in profiles of large ingests.
   */
  static boolean plain(String content) {
    return content.indexOf('"') < 0 && content.indexOf('\r') < 0 && content.indexOf('\n') < 0;
  }

  /** The fields of a plain line: every delimiter separates two fields, as in CSV. */
  static String[] split(String content, char delimiter) {
    int count = 1;
    for (int i = 0; i < content.length(); i++) {
      if (content.charAt(i) == delimiter) {
        count++;
      }
    }
    String[] fields = new String[count];
    int start = 0;
    for (int f = 0; f < count - 1; f++) {
      int end = content.indexOf(delimiter, start);
      fields[f] = content.substring(start, end);
      start = end + 1;
    }
    fields[count - 1] = content.substring(start);
    return fields;
  }

  /** Whether every byte is below 0x80, where UTF-8 and ISO-8859-1 read the same characters. */
  static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** Removes a leading byte-order mark (U+FEFF), which some exports put before the header. */
  static String stripBom(String s) {
    return s != null && !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }

  private Row malformed(int file, String line, String why) {
    return RowFactory.create(file, Kind.DATA.name(), line, Reason.MALFORMED_LINE.name(), why, null);
  }

  /**
   * What the CSV parser found wrong, said for the person fixing the export. The parser sees one
   * line at a time, so its own "line: 1" would mislead; its position is the character's in the line
   * (from 1). A message this does not know is passed on without its line.
   */
  static String quotingProblem(Throwable e, char delimiter, String table) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null) {
      return t.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ");
    if (m.contains("EOF reached before encapsulated token finished")) {
      return "a quoted value is not closed";
    }
    Matcher after = CLOSING_QUOTE.matcher(m);
    if (after.find()) {
      // a quote inside a value not doubled, or a file separated by another character
      return "character "
          + after.group(1)
          + " follows a closing quote where "
          + (delimiter == '\t' ? "a tab" : "'" + delimiter + "'")
          + " should be: is a quote inside a quoted value not written twice, or is"
          + " ingest.sources."
          + table
          + ".delimiter wrong?";
    }
    return m.replaceAll("\\(startline \\d+\\) ", "").replaceAll(" at line: \\d+,", " at");
  }

  /** Where the first byte that does not decode is, for the message. */
  private String firstBad(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult result = decoder().decode(in, CharBuffer.allocate(bytes.length * 2 + 4), true);
    int at = result.isError() ? in.position() : bytes.length;
    return at < bytes.length
        ? String.format(" (byte 0x%02X at position %d)", bytes[at] & 0xFF, at + 1)
        : "";
  }

  /**
   * The position of the line's file, named as {@link SourceFiles#normalize} spells it. A task reads
   * its lines file by file, so the last one is kept: parsing the URI of every line showed in
   * profiles of ingest.
   */
  private int position(String uri) {
    if (!uri.equals(lastUri)) {
      String file = SourceFiles.normalize(uri);
      lastPosition = positions.get(file);
      if (lastPosition == null) {
        throw new IllegalStateException("read a file that was not checked: " + file);
      }
      lastUri = uri;
    }
    return lastPosition;
  }

  /** One strict decoder per parser (a task's own copy), reset for each line. */
  private CharsetDecoder decoder() {
    if (decoder == null) {
      decoder =
          charset()
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    return decoder.reset();
  }

  private Charset charset() {
    if (charset == null) {
      charset = Charset.forName(encoding);
    }
    return charset;
  }

  private CSVFormat format() {
    if (format == null) {
      format =
          CSVFormat.DEFAULT
              .builder()
              .setDelimiter(delimiter)
              .setQuote('"')
              .setIgnoreEmptyLines(false)
              .get();
    }
    return format;
  }
}
