package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.error.OstshareException;
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
        .contains("grades: " + input.resolve("grades") + " holds no *.csv file");
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
    assertThat(SourceFiles.list(hadoop, input.resolve("calendar/part-*.csv").toString()))
        .extracting(p -> p.getName())
        .containsExactly("part-1.csv", "part-2.csv");
    assertThat(SourceFiles.list(hadoop, input.resolve("calendar").toString()))
        .extracting(p -> p.getName())
        .containsExactly("part-1.csv", "part-2.csv");
    assertThat(SourceFiles.list(hadoop, input.resolve("schools/schools.csv").toString()))
        .hasSize(1);
    assertThat(SourceFiles.list(hadoop, input.resolve("nothing/*.csv").toString())).isNull();
  }

  private static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
