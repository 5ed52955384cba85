package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.settings.SourceSettings;

/** Decoding and splitting of single lines, without Spark: the UDF is plain Java. */
class IngestLineParserTest {
  private static final String FILE = "file:/in/schools/a.csv";

  /** The district's header: reordered, semicolons; canonical order is id, name, type, low, high. */
  private static final String HEADER =
      "school_name;school_id;high_grade;low_grade;school_type;extra";

  private static SourceSettings source(String encoding, boolean header) {
    return source(encoding, header, ';');
  }

  private static SourceSettings source(String encoding, boolean header, char delimiter) {
    return new SourceSettings(
        Domain.SCHOOLS,
        "schools",
        delimiter,
        encoding,
        header,
        List.of("yyyy-MM-dd"),
        Set.of("true"),
        Set.of("false"),
        Map.of(),
        Map.of());
  }

  private static final LineParser WITH_HEADER =
      new LineParser(
          source("UTF-8", true),
          List.of(
              new FileLayout("file:/in/schools/0.csv", null, 5, new int[] {0, 1, 2, 3, 4}),
              new FileLayout(FILE, HEADER, 6, new int[] {1, 0, 4, 3, 2})));

  private static Row parse(LineParser parser, String line) {
    return parser.call("file:///in/schools/a.csv", line.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> values(Row r) {
    return r.isNullAt(5) ? null : Arrays.asList((String[]) r.get(5));
  }

  @Test
  void fieldsAreMappedByHeaderPositionAndTrimmed() {
    Row r = parse(WITH_HEADER, "\"Allegheny; K-5\"; S1 ;5;K;ELEMENTARY;x");
    assertThat(r.getInt(0)).as("the file's position in the source's files").isEqualTo(1);
    assertThat(r.getString(1)).isEqualTo("DATA");
    // UTF-8: the line's text is its bytes, which Spark's text source already holds
    assertThat(r.getString(2)).isNull();
    assertThat(r.getString(3)).isNull();
    assertThat(values(r)).containsExactly("S1", "Allegheny; K-5", "ELEMENTARY", "K", "5");
  }

  @Test
  void emptyFieldsAreNull() {
    assertThat(values(parse(WITH_HEADER, ";S1;;  ;ELEMENTARY;")))
        .containsExactly("S1", null, "ELEMENTARY", null, null);
  }

  /** Lines without quotes are split directly; the fields must be those Commons CSV gives. */
  @ParameterizedTest
  @CsvSource(
      delimiterString = "|",
      value = {
        "a;b;c;d;e;f",
        ";;;;;",
        " a ; b ;c;;e; ",
        "a;b;c;d;e;",
        ";b;c;d;e;f",
        "a;b",
        "a;b;c;d;e;f;g;h",
        "a,b;c\\td;e-f;x;y;z",
      })
  void plainLinesSplitAsCsvDoes(String line) throws Exception {
    assertThat(LineParser.plain(line)).isTrue();
    List<String> csv;
    try (org.apache.commons.csv.CSVParser p =
        org.apache.commons.csv.CSVParser.parse(
            line, org.apache.commons.csv.CSVFormat.DEFAULT.builder().setDelimiter(';').get())) {
      csv = p.getRecords().get(0).toList();
    }
    assertThat(LineParser.split(line, ';')).containsExactlyElementsOf(csv);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "|",
      value = {"\"a\";b | quote", "a\rb;c | carriage return"})
  void linesWithQuotesOrBreaksGoToTheCsvParser(String line, String why) {
    assertThat(LineParser.plain(line.replace("\\r", "\r"))).as(why).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "|",
      value = {
        "HEADER_LINE | HEADER",
        "BOM_HEADER | HEADER",
        "'' | BLANK",
        "'   ' | BLANK",
      })
  void headerAndBlankLinesAreNotData(String line, String kind) {
    String text =
        switch (line) {
          case "HEADER_LINE" -> HEADER;
          case "BOM_HEADER" -> "\uFEFF" + HEADER;
          default -> line;
        };
    Row r = parse(WITH_HEADER, text);
    assertThat(r.getString(1)).isEqualTo(kind);
    assertThat(r.getString(3)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "|",
      value = {
        "S1;Allegheny | the line has 2 fields; the header of its file has 6",
        "a;b;c;d;e;f;g | the line has 7 fields; the header of its file has 6",
        "S1,Allegheny,5,K,ELEMENTARY,x | the line has 1 field, no ';' in it; the header of its file"
            + " has 6 (is ingest.sources.schools.delimiter right?)",
        "\"Allegheny;S1;5;K;ELEMENTARY;x | the quoting is broken (a quoted value is not closed)",
        // the parser reads one line at a time: the position is in the line, and no "line: 1"
        "\"Alle\"gheny;S1;5;K;ELEMENTARY;x | the quoting is broken (character 7 follows a closing"
            + " quote where ';' should be: is a quote inside a quoted value not written twice, or"
            + " is ingest.sources.schools.delimiter wrong?)",
        "S1;\"Allegheny\"x;5;K;ELEMENTARY;x | the quoting is broken (character 15 follows a"
            + " closing quote where ';' should be: is a quote inside a quoted value not written"
            + " twice, or is ingest.sources.schools.delimiter wrong?)",
        // a file separated by commas, its values quoted
        "\"S1\",\"Allegheny\",\"5\" | the quoting is broken (character 5 follows a closing quote"
            + " where ';' should be: is a quote inside a quoted value not written twice, or is"
            + " ingest.sources.schools.delimiter wrong?)",
      })
  void malformedLines(String line, String message) {
    Row r = parse(WITH_HEADER, line);
    assertThat(r.getString(1)).isEqualTo("DATA");
    assertThat(r.getString(2)).isNull();
    assertThat(r.getString(3)).isEqualTo("MALFORMED_LINE");
    assertThat(r.getString(4)).isEqualTo(message);
    assertThat(values(r)).isNull();
  }

  /** A tab is named, not shown: the messages would otherwise hold an invisible character. */
  @ParameterizedTest
  @CsvSource(
      delimiterString = "|",
      value = {
        "S1;Allegheny;5;K;ELEMENTARY | the line has 1 field, no tab in it; the domain has 5 columns"
            + " (is ingest.sources.schools.delimiter right?)",
        "\"S1\";\"Allegheny\" | the quoting is broken (character 5 follows a closing quote where a"
            + " tab should be: is a quote inside a quoted value not written twice, or is"
            + " ingest.sources.schools.delimiter wrong?)",
      })
  void aTabDelimiterIsNamed(String line, String message) {
    LineParser tabs =
        new LineParser(
            source("UTF-8", false, '\t'),
            List.of(new FileLayout(FILE, null, 5, new int[] {0, 1, 2, 3, 4})));
    Row r = parse(tabs, line);
    assertThat(r.getString(3)).isEqualTo("MALFORMED_LINE");
    assertThat(r.getString(4)).isEqualTo(message);
  }

  @Test
  void aParserMessageThatIsNotKnownIsPassedOnWithoutItsLine() {
    Exception e =
        new UncheckedIOException(
            new IOException("(startline 1) Unexpected token at line: 1, position: 9"));
    assertThat(LineParser.quotingProblem(e, ';', "schools"))
        .isEqualTo("Unexpected token at position: 9");
    assertThat(LineParser.quotingProblem(new IllegalStateException(), ';', "schools"))
        .isEqualTo("IllegalStateException");
  }

  @Test
  void invalidBytesAreBadEncodingNamingTheByte() {
    byte[] bytes = {'A', 'b', 'c', (byte) 0xE9, ';', 'S', '1'};
    Row r = WITH_HEADER.call(FILE, bytes);
    assertThat(r.getString(3)).isEqualTo("BAD_ENCODING");
    assertThat(r.getString(4)).isEqualTo("the line is not valid UTF-8 (byte 0xE9 at position 4)");
    assertThat(r.getString(2)).isEqualTo("Abc\uFFFD;S1");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Ecole;S1;5;K;ELEMENTARY;x",
        "\u00c9cole;S1;5;K;ELEMENTARY;x",
        "\u7b2c\u4e00;S1;5;K;ELEMENTARY;x",
        "\u007f\u0080;S1;5;K;ELEMENTARY;x",
        "\ud83d\ude00;S1;5;K;ELEMENTARY;x"
      })
  void asciiAndOtherUtf8LinesReadAsTheirText(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertThat(LineParser.ascii(bytes)).isEqualTo(line.chars().allMatch(c -> c < 0x80));
    Row r = WITH_HEADER.call(FILE, bytes);
    assertThat(r.getString(3)).isNull();
    assertThat(r.getString(2)).as("UTF-8: the text source holds the line").isNull();
    assertThat(values(r)).containsExactly("S1", line.split(";")[0], "ELEMENTARY", "K", "5");
  }

  @Test
  void latin1IsDecodedWhenConfigured() {
    LineParser latin1 =
        new LineParser(
            source("ISO-8859-1", true),
            List.of(new FileLayout(FILE, HEADER, 6, new int[] {1, 0, 4, 3, 2})));
    Row r =
        latin1.call(FILE, "\u00c9cole;S1;5;K;ELEMENTARY;".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(r.getString(3)).isNull();
    assertThat(r.getString(2))
        .as("the text, which the bytes read as UTF-8 are not")
        .isEqualTo("\u00c9cole;S1;5;K;ELEMENTARY;");
    assertThat(values(r)).containsExactly("S1", "\u00c9cole", "ELEMENTARY", "K", "5");
  }

  @Test
  void withoutHeaderFieldsAreInCanonicalOrder() {
    LineParser noHeader =
        new LineParser(
            source("UTF-8", false),
            List.of(new FileLayout(FILE, null, 5, new int[] {0, 1, 2, 3, 4})));
    Row r = parse(noHeader, "S1;Allegheny;ELEMENTARY;K;5");
    assertThat(values(r)).containsExactly("S1", "Allegheny", "ELEMENTARY", "K", "5");
    assertThat(parse(noHeader, "S1;Allegheny").getString(4))
        .isEqualTo("the line has 2 fields; the domain has 5 columns");
  }
}
