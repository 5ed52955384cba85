package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.settings.Settings;

/** Sources that cannot be used stop the run before anything is read or written. */
class IngestPreflightTest {
  private static final Period PERIOD = Period.parse("2025-Q4");

  @TempDir Path dir;
  private Path input;
  private Path warehouse;

  @BeforeEach
  void district() {
    input = dir.resolve("input");
    warehouse = dir.resolve("warehouse");
    IngestFixture.writeDistrict(input);
  }

  private OstshareException failure(Settings settings) {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> IngestJob.run(TestSpark.get(), settings, PERIOD));
    assertThat(t).isInstanceOf(OstshareException.class);
    assertThat(Files.exists(warehouse)).as("nothing written").isFalse();
    return (OstshareException) t;
  }

  @Test
  void missingFolderIsAnInputErrorNamingThePathAndSetting() throws Exception {
    deleteTree(input.resolve("consents"));
    OstshareException e = failure(IngestFixture.settings(input, warehouse, 1.0, ""));
    assertThat(e.kind()).isEqualTo(OstshareException.Kind.INPUT);
    assertThat(e.exitCode()).isEqualTo(5);
    assertThat(e.getMessage())
        .contains("consents: input not found: " + input.resolve("consents"))
        .contains("ostshare.ingest.sources.consents.path = \"consents\"")
        .contains("nothing was written");
  }

  @Test
  void folderWithoutCsvFilesIsAnError() throws Exception {
    deleteTree(input.resolve("grades"));
    IngestFixture.write(input.resolve("grades/_SUCCESS"), "", StandardCharsets.UTF_8);
    OstshareException e = failure(IngestFixture.settings(input, warehouse, 1.0, ""));
    assertThat(e.getMessage())
        .contains("grades: " + input.resolve("grades") + " holds no CSV file");
  }

  @Test
  void missingRequiredHeaderColumnNamesFileColumnsAndSetting() {
    IngestFixture.write(
        input.resolve("opt_outs/opt_outs.csv"),
        "StudentNumber,opt_out_type,revoked_date\n1010,DIRECTORY,\n",
        StandardCharsets.UTF_8);
    OstshareException e = failure(IngestFixture.settings(input, warehouse, 1.0, ""));
    assertThat(e.kind()).isEqualTo(OstshareException.Kind.INPUT);
    assertThat(e.getMessage())
        .contains("opt_outs: file:" + input.resolve("opt_outs/opt_outs.csv"))
        .contains("has no column 'student_id', 'effective_date'")
        .contains("its header names 'StudentNumber', 'opt_out_type', 'revoked_date'")
        .contains("ostshare.ingest.sources.opt_outs.columns");
  }

  @Test
  void renamedColumnMissingFromTheHeaderNamesTheDistrictName() {
    IngestFixture.write(
        input.resolve("attendance/attendance.csv"),
        "Code,Date,SchoolCode,StudentNumber\nA,9/2/2025,S1,1001\n",
        StandardCharsets.UTF_8);
    OstshareException e = failure(IngestFixture.settings(input, warehouse, 1.0, ""));
    assertThat(e.getMessage()).contains("has no column 'Absence Date' (for event_date);");
  }

  @Test
  void globAndSingleFilePathsAreResolved() throws Exception {
    var hadoop = TestSpark.get().sparkContext().hadoopConfiguration();
    assertThat(SourceFiles.list(hadoop, input.resolve("calendar/part-*.csv").toString()).files())
        .extracting(p -> p.getName())
        .containsExactly("part-1.csv", "part-2.csv");
    SourceFiles.Listing folder = SourceFiles.list(hadoop, input.resolve("calendar").toString());
    assertThat(folder.files())
        .extracting(p -> p.getName())
        .containsExactly("part-1.csv", "part-2.csv");
    assertThat(folder.unread()).as("_SUCCESS and .notes.txt are hidden").isEmpty();
    assertThat(SourceFiles.list(hadoop, input.resolve("schools/schools.csv").toString()).files())
        .hasSize(1);
    assertThat(SourceFiles.list(hadoop, input.resolve("nothing/*.csv").toString())).isNull();
  }

  @Test
  void aListingSaysHowMuchTextItsFilesHoldCountingCompressedFilesAtEightTimes() throws Exception {
    var hadoop = TestSpark.get().sparkContext().hadoopConfiguration();
    IngestFixture.write(input.resolve("sized/a.csv"), "0123456789", StandardCharsets.UTF_8);
    IngestFixture.write(input.resolve("sized/b.csv.gz"), "abc", StandardCharsets.UTF_8);
    IngestFixture.write(input.resolve("sized/_SUCCESS"), "hidden", StandardCharsets.UTF_8);
    assertThat(SourceFiles.list(hadoop, input.resolve("sized").toString()).textBytes())
        .isEqualTo(10 + 3 * 8);
    assertThat(SourceFiles.list(hadoop, input.resolve("sized/*.gz").toString()).textBytes())
        .isEqualTo(3 * 8);
    assertThat(SourceFiles.list(hadoop, input.resolve("sized/a.csv").toString()).textBytes())
        .isEqualTo(10);
  }

  @Test
  void whatAFolderHoldsBesidesDataFilesStopsTheRunRatherThanBeingLeftOut() throws Exception {
    IngestFixture.write(
        input.resolve("opt_outs/opt_outs-2025.csv.zip"), "PK", StandardCharsets.UTF_8);
    IngestFixture.write(input.resolve("opt_outs/notes.txt"), "x", StandardCharsets.UTF_8);
    IngestFixture.write(
        input.resolve("opt_outs/2025/opt_outs.csv"), "student_id\n", StandardCharsets.UTF_8);
    IngestFixture.write(input.resolve("opt_outs/.notes.txt"), "x", StandardCharsets.UTF_8);
    IngestFixture.write(input.resolve("opt_outs/_SUCCESS"), "", StandardCharsets.UTF_8);
    OstshareException e = failure(IngestFixture.settings(input, warehouse, 1.0, ""));
    assertThat(e.exitCode()).isEqualTo(5);
    assertThat(e.getMessage())
        .contains(
            "opt_outs: "
                + input.resolve("opt_outs")
                + " holds what ostshare would not read: '2025', 'notes.txt',"
                + " 'opt_outs-2025.csv.zip'.")
        .contains("their names end in .csv, .csv.gz, .csv.bz2")
        .contains("ostshare.ingest.sources.opt_outs.path (a glob such as \"opt_outs/*.csv\")")
        .doesNotContain("_SUCCESS")
        .doesNotContain("'.notes.txt'");

    // the glob the message suggests reads the CSV files and nothing else
    Settings globbed =
        IngestFixture.settings(
            input, warehouse, 1.0, "ostshare.ingest.sources.opt_outs.path = \"opt_outs/*.csv\"");
    IngestResult result = IngestJob.validate(TestSpark.get(), globbed, PERIOD);
    assertThat(domain(result, Domain.OPT_OUTS).files())
        .containsExactly("file:" + input.resolve("opt_outs/opt_outs.csv"));
  }

  @Test
  void compressedFilesAreReadAsTheirPlainText() throws Exception {
    IngestResult plain = IngestJob.validate(TestSpark.get(), settings(), PERIOD);
    compress(input.resolve("schools/schools.csv"), "gzip", ".gz");
    compress(input.resolve("calendar/part-2.csv"), "bzip2", ".bz2");
    compress(input.resolve("opt_outs/opt_outs.csv"), "gzip", ".gz");
    IngestResult compressed = IngestJob.validate(TestSpark.get(), settings(), PERIOD);
    assertThat(domain(compressed, Domain.CALENDAR).files())
        .containsExactly(
            "file:" + input.resolve("calendar/part-1.csv"),
            "file:" + input.resolve("calendar/part-2.csv.bz2"));
    for (IngestResult.DomainResult d : plain.domains()) {
      IngestResult.DomainResult c = domain(compressed, d.domain());
      assertThat(List.of(c.read(), c.accepted(), c.quarantined(), c.headerLines()))
          .as(d.domain().table())
          .isEqualTo(List.of(d.read(), d.accepted(), d.quarantined(), d.headerLines()));
      assertThat(c.reasons()).as(d.domain().table()).isEqualTo(d.reasons());
    }
    assertThat(domain(plain, Domain.SCHOOLS).reasons()).containsKey(Reason.BAD_ENCODING);
  }

  @Test
  void aCompressedFileCutShortIsAnInputErrorNamingItAndNothingIsWritten() throws Exception {
    Path file = input.resolve("opt_outs/opt_outs.csv");
    String header = Files.readAllLines(file).get(0);
    StringBuilder rows = new StringBuilder(header).append('\n');
    for (int i = 0; i < 20_000; i++) {
      rows.append(1_000_000 + i).append(",DIRECTORY,2025-06-10,\n");
    }
    Files.writeString(file, rows);
    compress(file, "gzip", ".gz");
    Path gz = Path.of(file + ".gz");
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));

    OstshareException e = failure(settings());
    assertThat(e.kind()).isEqualTo(OstshareException.Kind.INPUT);
    assertThat(e.exitCode()).isEqualTo(5);
    assertThat(e.getMessage())
        .startsWith("opt_outs: cannot read file:" + gz + " to its end (")
        .contains("nothing was written")
        .doesNotContain("\tat ");
  }

  private Settings settings() {
    return IngestFixture.settings(input, warehouse, 1.0, "");
  }

  private static IngestResult.DomainResult domain(IngestResult result, Domain domain) {
    return result.domains().stream().filter(d -> d.domain() == domain).findFirst().orElseThrow();
  }

  /** Replaces a file by its compressed copy, named with the codec's ending. */
  private static void compress(Path file, String codecName, String ending) throws Exception {
    var codec =
        new CompressionCodecFactory(TestSpark.get().sparkContext().hadoopConfiguration())
            .getCodecByName(codecName);
    try (var out = codec.createOutputStream(Files.newOutputStream(Path.of(file + ending)))) {
      out.write(Files.readAllBytes(file));
    }
    Files.delete(file);
  }

  private static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
