package org.ostshare.jobs.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.schema.ColumnSpec;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SourceSettings;

/**
 * Finds the files of each source and reads their header lines, before any data is read: a missing
 * file, an unreadable header or a missing required column is found here, with every problem of
 * every domain at once, so nothing is written when the input cannot be used. Uses Hadoop's
 * FileSystem, so the input may be local or on {@code s3a://}.
 */
public final class SourceFiles {
  /**
   * The names of the files read in a folder: CSV, plain or compressed with a codec that Hadoop (and
   * so Spark's text reader) decompresses by the name's ending.
   */
  static final List<String> DATA_FILE_ENDINGS = List.of(".csv", ".csv.gz", ".csv.bz2");

  /**
   * How many times its size a compressed file is taken to hold, for sizing the work only: gzip
   * makes about a tenth of a district's CSV export (the generated attendance file, 27 MB, to 2.7
   * MB), and real exports, with more varied values, compress less.
   */
  static final int COMPRESSION_RATIO = 8;

  /** The longest header line read; a longer first line means the file is not what it claims. */
  private static final int MAX_HEADER_BYTES = 1 << 20;

  private SourceFiles() {}

  /**
   * The files of one source and how each maps onto the canonical columns.
   *
   * @param location the resolved path setting (file, folder or glob)
   * @param files one layout per file, sorted by path
   * @param warnings things a person should know that do not stop the run (extra columns)
   * @param textBytes about how many bytes of text the files hold (see {@link #textBytes})
   */
  public record Resolved(
      Domain domain,
      SourceSettings settings,
      String location,
      List<FileLayout> files,
      List<String> warnings,
      long textBytes) {}

  /**
   * Resolves one source. Problems that stop the run are added to {@code problems} (so the caller
   * can report all of them at once) and the result is then partial.
   */
  public static Resolved resolve(
      Configuration hadoop, String inputRoot, SourceSettings source, List<String> problems) {
    Domain domain = source.domain();
    String location = Settings.resolve(inputRoot, source.path());
    String setting = "ostshare.ingest.sources." + domain.table() + ".path";
    List<String> warnings = new ArrayList<>();
    List<FileLayout> layouts = new ArrayList<>();
    if (!newlineIsOneByte(source.charset())) {
      problems.add(
          domain.table()
              + ": encoding "
              + source.encoding()
              + " is not supported (a line break is not the single byte 0x0A in it); use UTF-8,"
              + " ISO-8859-1, windows-1252 or another ASCII-compatible encoding.");
      return new Resolved(domain, source, location, List.of(), List.of(), 0);
    }
    Listing listing;
    try {
      listing = list(hadoop, location);
    } catch (IOException e) {
      problems.add(domain.table() + ": cannot list " + location + ": " + e.getMessage());
      return new Resolved(domain, source, location, List.of(), List.of(), 0);
    }
    if (listing == null) {
      problems.add(
          domain.table()
              + ": input not found: "
              + location
              + " (setting "
              + setting
              + " = \""
              + source.path()
              + "\", under ostshare.input)");
      return new Resolved(domain, source, location, List.of(), List.of(), 0);
    }
    if (!listing.unread().isEmpty()) {
      // a file left out silently would drop its rows (an opt-out file left out would publish
      // the students it names), so anything in the folder that would not be read stops the run
      problems.add(
          domain.table()
              + ": "
              + location
              + " holds what ostshare would not read: "
              + names(listing.unread())
              + ". A folder's files are read when their names end in "
              + String.join(", ", DATA_FILE_ENDINGS)
              + " (names starting with . or _ are skipped); move the others out, or name the"
              + " files to read in setting "
              + setting
              + " (a glob such as \""
              + domain.table()
              + "/*.csv\")");
    }
    List<Path> files = listing.files();
    if (files.isEmpty()) {
      problems.add(
          domain.table()
              + ": "
              + location
              + " holds no CSV file (setting "
              + setting
              + " = \""
              + source.path()
              + "\")");
      return new Resolved(domain, source, location, List.of(), List.of(), 0);
    }
    for (Path file : files) {
      FileLayout layout = layout(hadoop, source, file, problems, warnings);
      if (layout != null) {
        layouts.add(layout);
      }
    }
    return new Resolved(
        domain, source, location, List.copyOf(layouts), List.copyOf(warnings), listing.textBytes());
  }

  /**
   * The input error for a source whose data could not be read to its end once the header was (a
   * compressed file cut short, a file changed or removed during the run, storage out of reach):
   * present when the failure's causes hold an I/O error and name one of the source's files.
   */
  static Optional<OstshareException> unreadable(Resolved source, Throwable failure) {
    IOException io = null;
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException e) {
        io = e; // the deepest, the nearest to the bytes
      }
      messages.append(t.getMessage()).append('\n');
    }
    // Spark names a file by its URI (file:///tmp/a%20b.csv where the layout has file:/tmp/a b.csv),
    // so the path is looked for as written and as encoded; the longest named wins, since a.csv is
    // also found in a message naming a.csv.gz
    Optional<String> named =
        source.files().stream()
            .map(FileLayout::file)
            .filter(
                f -> {
                  URI uri = new Path(f).toUri();
                  return messages.indexOf(uri.getPath()) >= 0
                      || messages.indexOf(uri.getRawPath()) >= 0;
                })
            .max(Comparator.comparingInt(String::length));
    if (io == null || named.isEmpty()) {
      return Optional.empty();
    }
    String file = named.get();
    return Optional.of(
        Errors.withCause(
            OstshareException.Kind.INPUT,
            source.domain().table()
                + ": cannot read "
                + file
                + " to its end ("
                + io.getClass().getSimpleName()
                + ": "
                + io.getMessage()
                + ")",
            "A file not read whole would lose rows unseen, so ingestion stopped and nothing was"
                + " written.",
            "Check the file: a compressed file cut short by a copy or an upload, or a file changed"
                + " or removed while the run read it. Replace it and run again; `ostshare validate`"
                + " reads every file without writing anything.",
            failure));
  }

  /** The one spelling of a file used in layouts, the quarantine and reports. */
  public static String normalize(String file) {
    try {
      return new Path(URI.create(file)).toString();
    } catch (IllegalArgumentException e) {
      return new Path(file).toString();
    }
  }

  /**
   * What a location holds.
   *
   * @param files the data files to read, sorted
   * @param unread what a folder holds besides them and hidden names: other files and subfolders
   * @param textBytes the files' {@link #textBytes}, summed
   */
  record Listing(List<Path> files, List<Path> unread, long textBytes) {}

  /**
   * The files of a location: null when nothing is there. A file or glob names its files; a folder
   * holds them directly, and whatever else it holds is listed so that it is not left out unseen.
   */
  static Listing list(Configuration hadoop, String location) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(hadoop);
    List<FileStatus> found = new ArrayList<>();
    if (isGlob(location)) {
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        return null;
      }
      found.addAll(Arrays.asList(matches));
    } else {
      if (!fs.exists(path)) {
        return null;
      }
      found.add(fs.getFileStatus(path));
    }
    List<Path> files = new ArrayList<>();
    List<Path> unread = new ArrayList<>();
    CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
    long textBytes = 0;
    for (FileStatus status : found) {
      if (status.isDirectory()) {
        for (FileStatus child : fs.listStatus(status.getPath())) {
          String name = child.getPath().getName();
          if (hidden(name)) {
            continue;
          }
          if (child.isFile() && isDataFile(name)) {
            files.add(child.getPath());
            textBytes += textBytes(child, codecs);
          } else {
            unread.add(child.getPath());
          }
        }
      } else if (!hidden(status.getPath().getName()) || !isGlob(location)) {
        files.add(status.getPath());
        textBytes += textBytes(status, codecs);
      }
    }
    files.sort(null);
    unread.sort(null);
    return new Listing(List.copyOf(files), List.copyOf(unread), textBytes);
  }

  /**
   * About how many bytes of text a file holds: its size, or {@link #COMPRESSION_RATIO} times it
   * when Hadoop decompresses it (by its name, as the header check and Spark's reader do). Used to
   * size the work, never to check the file.
   */
  static long textBytes(FileStatus file, CompressionCodecFactory codecs) {
    boolean compressed = codecs.getCodec(file.getPath()) != null;
    return compressed ? file.getLen() * COMPRESSION_RATIO : file.getLen();
  }

  private static boolean isDataFile(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return DATA_FILE_ENDINGS.stream().anyMatch(lower::endsWith);
  }

  /** A few of the paths' names, for a message. */
  private static String names(List<Path> paths) {
    int shown = 5;
    String listed = Errors.quoted(paths.stream().limit(shown).map(Path::getName).toList());
    return paths.size() > shown ? listed + " and " + (paths.size() - shown) + " more" : listed;
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static boolean isGlob(String location) {
    return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static FileLayout layout(
      Configuration hadoop,
      SourceSettings source,
      Path file,
      List<String> problems,
      List<String> warnings) {
    Domain domain = source.domain();
    List<ColumnSpec> columns = domain.columns();
    String name = normalize(file.toString());
    if (!source.header()) {
      int[] positions = new int[columns.size()];
      Arrays.setAll(positions, i -> i);
      return new FileLayout(name, null, columns.size(), positions);
    }
    String header;
    try {
      header = firstLine(hadoop, file, source.charset());
    } catch (CharacterCodingException e) {
      problems.add(
          domain.table()
              + ": the header line of "
              + name
              + " is not valid "
              + source.encoding()
              + " (setting ostshare.ingest.sources."
              + domain.table()
              + ".encoding)");
      return null;
    } catch (IOException e) {
      problems.add(domain.table() + ": cannot read " + name + ": " + e.getMessage());
      return null;
    }
    if (header == null || header.isBlank()) {
      problems.add(
          domain.table()
              + ": "
              + name
              + " has no header line (it is empty or starts with a blank line); every file needs"
              + " one, or set ostshare.ingest.sources."
              + domain.table()
              + ".header = false");
      return null;
    }
    List<String> names;
    try (CSVParser parser = CSVParser.parse(new StringReader(header), format(source))) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new IOException("not one line");
      }
      names = records.get(0).stream().map(String::strip).toList();
    } catch (IOException | RuntimeException e) {
      problems.add(
          domain.table() + ": the header line of " + name + " cannot be split into column names");
      return null;
    }
    int[] positions = new int[columns.size()];
    List<String> missing = new ArrayList<>();
    List<String> absentOptional = new ArrayList<>();
    boolean[] used = new boolean[names.size()];
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec column = columns.get(i);
      String wanted = source.sourceName(column.name());
      int at = indexOf(names, wanted);
      if (at == -2) {
        problems.add(
            domain.table()
                + ": "
                + name
                + " names column '"
                + wanted
                + "' more than once; cannot tell which is "
                + column.name());
        return null;
      }
      positions[i] = at;
      if (at >= 0) {
        used[at] = true;
      } else if (column.required()) {
        missing.add(
            "'"
                + wanted
                + "'"
                + (wanted.equals(column.name()) ? "" : " (for " + column.name() + ")"));
      } else {
        absentOptional.add(wanted);
      }
    }
    if (!missing.isEmpty()) {
      problems.add(
          domain.table()
              + ": "
              + name
              + " has no column "
              + String.join(", ", missing)
              + "; its header names "
              + String.join(", ", names.stream().map(n -> "'" + n + "'").toList())
              + ". Map the district's header names with ostshare.ingest.sources."
              + domain.table()
              + ".columns { <canonical> = \"<header name>\" }");
      return null;
    }
    List<String> extra = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!used[i]) {
        extra.add(names.get(i));
      }
    }
    if (!extra.isEmpty()) {
      warnings.add(
          domain.table()
              + ": "
              + name
              + " has columns that are not read: "
              + String.join(", ", extra.stream().map(n -> "'" + n + "'").toList()));
    }
    if (!absentOptional.isEmpty()) {
      warnings.add(
          domain.table()
              + ": "
              + name
              + " has no optional column "
              + String.join(", ", absentOptional.stream().map(n -> "'" + n + "'").toList())
              + "; read as empty");
    }
    return new FileLayout(name, header, names.size(), positions);
  }

  /** Index of a header name (exact first, then ignoring case), -1 if absent, -2 if ambiguous. */
  private static int indexOf(List<String> names, String wanted) {
    int exact = names.indexOf(wanted);
    if (exact >= 0) {
      return names.lastIndexOf(wanted) == exact ? exact : -2;
    }
    int found = -1;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(wanted)) {
        if (found >= 0) {
          return -2;
        }
        found = i;
      }
    }
    return found;
  }

  /** The CSV dialect of a source: its delimiter, double quotes, one record per line. */
  static CSVFormat format(SourceSettings source) {
    return CSVFormat.DEFAULT
        .builder()
        .setDelimiter(source.delimiter())
        .setQuote('"')
        .setRecordSeparator("\n")
        .setIgnoreEmptyLines(false)
        .get();
  }

  /** The first line of a file, decoded strictly, without a byte-order mark; null if empty. */
  static String firstLine(Configuration hadoop, Path file, Charset charset) throws IOException {
    FileSystem fs = file.getFileSystem(hadoop);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(file);
    try (InputStream raw = fs.open(file);
        InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      int b;
      while ((b = in.read()) != -1 && b != '\n' && bytes.size() < MAX_HEADER_BYTES) {
        bytes.write(b);
      }
      if (b == -1 && bytes.size() == 0) {
        return null;
      }
    }
    byte[] raw = bytes.toByteArray();
    int length = raw.length;
    if (length > 0 && raw[length - 1] == '\r') {
      length--;
    }
    return LineParser.stripBom(decodeStrict(raw, 0, length, charset));
  }

  static String decodeStrict(byte[] raw, int offset, int length, Charset charset)
      throws CharacterCodingException {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(raw, offset, length))
        .toString();
  }

  private static boolean newlineIsOneByte(Charset charset) {
    return Arrays.equals("\n".getBytes(charset), new byte[] {'\n'})
        && Arrays.equals("a,".getBytes(charset), new byte[] {'a', ','});
  }
}
