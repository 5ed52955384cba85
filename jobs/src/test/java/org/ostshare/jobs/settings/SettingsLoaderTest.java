package org.ostshare.jobs.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.schema.Domain;

class SettingsLoaderTest {
  @TempDir Path dir;

  @Test
  void referenceAloneGivesTheDocumentedDefaults() {
    Settings s = SettingsLoader.load(null, List.of(), Map.of());

    assertThat(s.warehouse())
        .isEqualTo(java.nio.file.Path.of("warehouse").toAbsolutePath().toString());
    assertThat(s.spark().master()).isEqualTo("local[*]");
    assertThat(s.spark().shufflePartitions()).isEqualTo(8);
    assertThat(s.ingest().maxQuarantineShare()).isEqualTo(0.05);
    assertThat(s.ingest().keyCheckPartitionSize()).isEqualTo(64L << 20);
    assertThat(s.ingest().sources()).containsOnlyKeys(Domain.values());
    SourceSettings students = s.ingest().source(Domain.STUDENTS);
    assertThat(students.path()).isEqualTo("students");
    assertThat(students.delimiter()).isEqualTo(',');
    assertThat(students.encoding()).isEqualTo("UTF-8");
    assertThat(students.header()).isTrue();
    assertThat(students.dateFormats()).containsExactly("yyyy-MM-dd", "M/d/yyyy");
    assertThat(students.trueValues()).contains("true", "y", "1");
    assertThat(s.generate().students()).isEqualTo(3000);
  }

  @Test
  void theOneMachineProfileHasOneShufflePartitionPerCore() {
    int cores = Runtime.getRuntime().availableProcessors();
    // the tests run in jobs/: the repository's one-machine profile
    Settings local = SettingsLoader.load(Path.of("../conf/local.conf"), List.of(), Map.of());
    assertThat(local.spark().shufflePartitions()).isEqualTo(cores);
    assertThat(
            SettingsLoader.load(
                    null, List.of("ostshare.spark.shuffle-partitions = cores"), Map.of())
                .spark()
                .shufflePartitions())
        .isEqualTo(cores);
    assertThat(
            SettingsLoader.load(null, List.of("ostshare.spark.shuffle-partitions = 32"), Map.of())
                .spark()
                .shufflePartitions())
        .isEqualTo(32);
  }

  @Test
  void theKeyCheckPartitionSizeIsWrittenAsASize() {
    assertThat(
            SettingsLoader.load(
                    null, List.of("ostshare.ingest.key-check-partition-size = 1g"), Map.of())
                .ingest()
                .keyCheckPartitionSize())
        .isEqualTo(1L << 30);
  }

  @Test
  void layersOverrideInOrderFileThenEnvironmentThenSet() throws IOException {
    Path conf =
        write(
            "ostshare { warehouse = \"from-file\", input = \"in-file\", spark.master = \"local[1]\" }");

    Settings fileOnly = SettingsLoader.load(conf, List.of(), Map.of());
    Settings withEnv =
        SettingsLoader.load(conf, List.of(), Map.of("OSTSHARE_WAREHOUSE", "s3a://bucket/wh"));
    Settings withSet =
        SettingsLoader.load(
            conf,
            List.of("ostshare.warehouse=/tmp/set", "ostshare.spark.master=local[2]"),
            Map.of("OSTSHARE_WAREHOUSE", "s3a://bucket/wh"));

    assertThat(fileOnly.warehouse()).endsWith("/from-file").startsWith("/");
    assertThat(fileOnly.spark().master()).isEqualTo("local[1]");
    assertThat(withEnv.warehouse()).isEqualTo("s3a://bucket/wh");
    assertThat(withEnv.input()).endsWith("/in-file");
    assertThat(withSet.warehouse()).isEqualTo("/tmp/set");
    assertThat(withSet.spark().master()).isEqualTo("local[2]");
  }

  @Test
  void districtSourceMappingIsReadPerDomainOverDefaults() throws IOException {
    Path conf =
        write(
            """
            ostshare.ingest.source-defaults.delimiter = "|"
            ostshare.ingest.sources.students {
              path = "exports/STUDENTS.txt"
              encoding = "windows-1252"
              date-formats = ["M/d/yyyy"]
              columns { student_id = "StudentNumber", birth_date = "DOB" }
              codes { gender { Male = M, Female = F } }
            }
            """);

    Settings s = SettingsLoader.load(conf, List.of(), Map.of());

    SourceSettings students = s.ingest().source(Domain.STUDENTS);
    assertThat(students.path()).isEqualTo("exports/STUDENTS.txt");
    assertThat(students.delimiter()).isEqualTo('|');
    assertThat(students.encoding()).isEqualTo("windows-1252");
    assertThat(students.dateFormats()).containsExactly("M/d/yyyy");
    assertThat(students.sourceName("student_id")).isEqualTo("StudentNumber");
    assertThat(students.sourceName("last_name")).isEqualTo("last_name");
    assertThat(students.codes()).isEqualTo(Map.of("gender", Map.of("Male", "M", "Female", "F")));
    assertThat(s.ingest().source(Domain.SCHOOLS).delimiter()).isEqualTo('|');
    assertThat(s.ingest().source(Domain.SCHOOLS).encoding()).isEqualTo("UTF-8");
  }

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(
            "ostshare.warehous = \"x\"",
            "unknown key 'ostshare.warehous'",
            "did you mean 'ostshare.warehouse'"),
        Arguments.of(
            "ostshare.spark.shuffle-partitions = many",
            "'ostshare.spark.shuffle-partitions'",
            "is 'many'.\n  Why: Expected a whole number from 1 to 100000, or cores"),
        Arguments.of(
            "ostshare.spark.shuffle-partitions = 0",
            "'ostshare.spark.shuffle-partitions'",
            "a whole number from 1 to 100000"),
        Arguments.of(
            "ostshare.ingest.key-check-partition-size = lots",
            "'ostshare.ingest.key-check-partition-size'",
            "a size such as 64m"),
        Arguments.of(
            "ostshare.ingest.key-check-partition-size = 64 parsecs",
            "'ostshare.ingest.key-check-partition-size'",
            "a size such as 64m"),
        Arguments.of(
            "ostshare.ingest.key-check-partition-size = 4k",
            "'ostshare.ingest.key-check-partition-size'",
            "is 4096 bytes.\n  Why: Expected a size from 1048576 to 1099511627776 bytes"),
        Arguments.of(
            "ostshare.ingest.max-quarantine-share = 1.5",
            "'ostshare.ingest.max-quarantine-share'",
            "a number from 0.0 to 1.0"),
        Arguments.of(
            "ostshare.ingest.sources.pupils { path = x }",
            "'ostshare.ingest.sources.pupils'",
            "names no known domain"),
        Arguments.of(
            "ostshare.ingest.sources.students.columns { ssn = SSN }",
            "maps 'ssn', which is not a column of students",
            "'student_id'"),
        Arguments.of(
            "ostshare.ingest.sources.attendance.codes.attendance_event { X = ABSENT }",
            "maps to 'ABSENT', which is not a code of attendance_event",
            "'EXCUSED_ABSENCE'"),
        Arguments.of(
            "ostshare.ingest.sources.students.delimiter = \";;\"",
            "'ostshare.ingest.sources.students.delimiter'",
            "exactly one character"),
        Arguments.of(
            "ostshare.ingest.sources.students.sepparator = \";\"",
            "'ostshare.ingest.sources.students.sepparator'",
            "is not a source setting"),
        Arguments.of(
            "ostshare.ingest.source-defaults.encoding = \"EBCDIC-XYZ\"",
            "unknown character set 'EBCDIC-XYZ'",
            "UTF-8"),
        Arguments.of(
            "ostshare.ingest.source-defaults.date-formats = [\"yyyy-MM-dd\", \"bb\"]",
            "invalid date format 'bb'",
            "java.time"),
        Arguments.of(
            "ostshare.generate.as-of = \"2030-01-01\"",
            "'ostshare.generate.as-of'",
            "outside the two generated school years"),
        Arguments.of("ostshare.spark.log-level = LOUD", "'ostshare.spark.log-level'", "WARN"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void invalidSettingsStopTheRunNamingTheKey(String conf, String names, String expected)
      throws IOException {
    Path file = write(conf);

    assertThatThrownBy(() -> SettingsLoader.load(file, List.of(), Map.of()))
        .isInstanceOf(OstshareException.class)
        .satisfies(e -> assertThat(((OstshareException) e).exitCode()).isEqualTo(3))
        .hasMessageContaining(names)
        .hasMessageContaining(expected);
  }

  @Test
  void unknownKeysAreAllListedWithWhereTheyWereSet() throws IOException {
    Path file = write("ostshare { foo = 1 \n spark.bar = 2 }");

    assertThatThrownBy(() -> SettingsLoader.load(file, List.of(), Map.of()))
        .hasMessageContaining("unknown key 'ostshare.foo'")
        .hasMessageContaining("unknown key 'ostshare.spark.bar'")
        .hasMessageContaining(file.getFileName().toString());
  }

  @Test
  void malformedSetAndMissingFileAreClearErrors() {
    assertThatThrownBy(() -> SettingsLoader.load(null, List.of("no-equals-sign"), Map.of()))
        .hasMessageContaining("--set 'no-equals-sign' is not key=value");
    assertThatThrownBy(() -> SettingsLoader.load(dir.resolve("nope.conf"), List.of(), Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void sparkPassThroughPropertiesAreFree() {
    Settings s =
        SettingsLoader.load(
            null, List.of("ostshare.spark.conf.\"spark.sql.adaptive.enabled\"=false"), Map.of());

    assertThat(s.spark().conf()).containsEntry("spark.sql.adaptive.enabled", "false");
  }

  @Test
  void resolveKeepsAbsolutePathsAndUris() {
    assertThat(Settings.resolve("data/in", "students")).isEqualTo("data/in/students");
    assertThat(Settings.resolve("s3a://b/in/", "students")).isEqualTo("s3a://b/in/students");
    assertThat(Settings.resolve("data/in", "/abs/x.csv")).isEqualTo("/abs/x.csv");
    assertThat(Settings.resolve("data/in", "s3a://b/x.csv")).isEqualTo("s3a://b/x.csv");
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "settings", ".conf");
    Files.writeString(file, text);
    return file;
  }
}
