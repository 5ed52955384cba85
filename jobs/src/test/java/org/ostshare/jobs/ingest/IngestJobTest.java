package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.publish.AgreementCatalog;
import org.ostshare.jobs.settings.Settings;

/** Ingests the fixture district once and checks every rule, the writes and the reconciliation. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestJobTest {
  private static final Period PERIOD = Period.parse("2025-Q4");

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Settings settings;
  private static Warehouse warehouse;
  private static IngestResult validated;
  private static IngestResult result;

  @BeforeAll
  static void ingest() {
    spark = TestSpark.get();
    Path input = dir.resolve("input");
    IngestFixture.writeDistrict(input);
    settings = IngestFixture.settings(input, dir.resolve("warehouse"), 1.0, "");
    warehouse = Warehouse.of(settings);
    validated = IngestJob.validate(spark, settings, PERIOD);
    assertThat(dir.resolve("warehouse")).as("validate writes nothing").doesNotExist();
    result = IngestJob.run(spark, settings, PERIOD);
  }

  @Test
  @Order(1)
  void validateCountsWhatIngestWrites() {
    assertThat(validated.written()).isFalse();
    assertThat(validated.reportPath()).isNull();
    for (IngestResult.DomainResult d : result.domains()) {
      IngestResult.DomainResult v = validated.domain(d.domain());
      assertThat(List.of(v.read(), v.accepted(), v.quarantined(), v.reasons()))
          .as(d.domain().table())
          .isEqualTo(List.of(d.read(), d.accepted(), d.quarantined(), d.reasons()));
    }
    assertThat(validated.report()).contains("validation only, nothing written");
  }

  @Test
  void validateBindsAgreementsToTheExportsAcceptedPartnersOnly() throws Exception {
    // P2's row is quarantined (reviewed after its board approval): it is not in the registry
    assertThat(validated.partners()).containsExactly("P1");
    assertThat(result.partners()).isEqualTo(validated.partners());
    for (String partner : List.of("P1", "P2")) {
      Path folder = dir.resolve("agreements-" + partner);
      Files.createDirectories(folder);
      Files.writeString(
          folder.resolve("a.conf"),
          "agreement {\n  id = \"DSA-1\", version = 1, partner = \""
              + partner
              + "\"\n  basis = school-official, purpose = \"Tutoring\"\n"
              + "  signed = 2025-06-01, effective = 2025-07-01, expires = 2026-06-30\n"
              + "  cadence = quarterly, destroy-after = 30 days\n"
              + "  fields { student = [student_id, grade_level] }\n}\n");
      Settings withAgreements =
          IngestFixture.settings(
              dir.resolve("input"),
              dir.resolve("warehouse"),
              1.0,
              "ostshare.publish.agreements = \"" + folder + "\"\n");
      if (partner.equals("P1")) {
        assertThat(AgreementCatalog.load(withAgreements, validated.partners(), Map.of()))
            .extracting(a -> a.partner())
            .containsExactly("P1");
      } else {
        assertThatThrownBy(
                () -> AgreementCatalog.load(withAgreements, validated.partners(), Map.of()))
            .isInstanceOf(OstshareException.class)
            .hasMessageContaining("names partner 'P2' (key 'partner'), which is not in the");
      }
    }
  }

  private static Dataset<Row> slice(String path, Period period) {
    return DeltaTables.read(spark, path).filter(col(Cols.PERIOD).equalTo(period.toString()));
  }

  /** domain -> line -> reason codes, as the quarantine table holds them for a period. */
  private static Map<String, Map<String, List<String>>> quarantine(Period period) {
    Map<String, Map<String, List<String>>> out = new HashMap<>();
    for (Row r :
        slice(warehouse.quarantine(), period)
            .select("domain", "line", "reason_codes")
            .collectAsList()) {
      Map<String, List<String>> lines = out.computeIfAbsent(r.getString(0), k -> new HashMap<>());
      assertThat(lines)
          .as("line quarantined once: %s", r.getString(1))
          .doesNotContainKey(r.getString(1));
      lines.put(r.getString(1), r.getList(2));
    }
    return out;
  }

  @Test
  @Order(1)
  void everyBadRowIsQuarantinedWithExactlyItsReasons() {
    assertThat(quarantine(PERIOD)).isEqualTo(IngestFixture.EXPECTED_QUARANTINE);
  }

  @Test
  @Order(1)
  void quarantineKeepsSourceFileMessagesAndRun() {
    List<Row> rows =
        slice(warehouse.quarantine(), PERIOD)
            .filter(col("domain").equalTo("calendar"))
            .select("source_file", "line", "reasons", "run_id", "ingested_at")
            .collectAsList();
    Map<String, Row> byLine = new HashMap<>();
    rows.forEach(r -> byLine.put(r.getString(1), r));
    assertThat(byLine.get("S9,2026,2025-09-02,INSTRUCTIONAL_DAY").getString(0))
        .endsWith("/input/calendar/part-1.csv");
    assertThat(byLine.get("2025-09-04,INSTRUCTIONAL_DAY,twenty,S1").getString(0))
        .endsWith("/input/calendar/part-2.csv");
    assertThat(byLine.get("2025-09-04,INSTRUCTIONAL_DAY,twenty,S1").getList(2))
        .containsExactly("school_year 'twenty' is not a whole number");
    assertThat(byLine.get("S9,2026,2025-09-02,INSTRUCTIONAL_DAY").getList(2))
        .containsExactly("school_id 'S9' is not an accepted row of schools");
    assertThat(rows).allSatisfy(r -> assertThat(r.getString(3)).isEqualTo(result.runId()));
    assertThat(rows).allSatisfy(r -> assertThat(r.get(4)).isNotNull());

    Map<String, List<String>> students = new HashMap<>();
    slice(warehouse.quarantine(), PERIOD)
        .filter(col("domain").equalTo("students"))
        .select("line", "reasons")
        .collectAsList()
        .forEach(r -> students.put(r.getString(0), r.getList(1)));
    assertThat(students.get("1003,Cy,,Doe,2015-02-30,X,,true,false,false,,"))
        .containsExactly("birth_date '2015-02-30' is not a date in formats yyyy-MM-dd, M/d/yyyy");
    assertThat(students.get("1006,,,Fox,1890-01-01,M,,true,false,false,,"))
        .containsExactlyInAnyOrder(
            "first_name is required but empty",
            "birth_date '1890-01-01' is outside the years 1900 to 2100");
    assertThat(students.get("1009,Ida,,Kim,2015-01-01,F"))
        .containsExactly("the line has 6 fields; the header of its file has 12");
  }

  @Test
  @Order(1)
  void goodRowsLandTypedAndUntouched() {
    List<Row> students =
        slice(warehouse.conformed(Domain.STUDENTS), PERIOD)
            .orderBy(Cols.STUDENT_ID)
            .collectAsList();
    assertThat(students).hasSize(3);
    Row ana = students.get(0);
    assertThat(ana.<String>getAs(Cols.STUDENT_ID)).isEqualTo("1001");
    assertThat(ana.<String>getAs(Cols.ADDRESS)).isEqualTo("12 Main St, Pittsburgh");
    assertThat(ana.<String>getAs(Cols.MIDDLE_NAME)).isNull();
    assertThat(ana.<Date>getAs(Cols.BIRTH_DATE)).isEqualTo(Date.valueOf("2015-03-02"));
    assertThat(ana.<Boolean>getAs(Cols.ECONOMICALLY_DISADVANTAGED)).isTrue();
    Row ben = students.get(1);
    assertThat(ben.<Date>getAs(Cols.BIRTH_DATE)).isEqualTo(Date.valueOf("2014-03-04")); // M/d/yyyy
    assertThat(ben.<Boolean>getAs(Cols.ECONOMICALLY_DISADVANTAGED)).isTrue(); // yes
    assertThat(ben.<Boolean>getAs(Cols.ENGLISH_LEARNER)).isFalse(); // no
    assertThat(ben.<Boolean>getAs(Cols.DISABILITY)).isFalse(); // 0
    Row renee = students.get(2);
    assertThat(renee.<String>getAs(Cols.FIRST_NAME)).isEqualTo("Ren\u00e9e"); // latin-1 decoded
    assertThat(renee.<String>getAs(Cols.RACE_ETHNICITY)).isEqualTo("ASIAN");
    assertThat(renee.<String>getAs(Cols.PERIOD)).isEqualTo("2025-Q4");

    assertThat(DeltaTables.read(spark, warehouse.conformed(Domain.STUDENTS)).schema())
        .isEqualTo(Domain.STUDENTS.conformedSchema());

    Row score = slice(warehouse.conformed(Domain.ASSESSMENTS), PERIOD).collectAsList().get(0);
    assertThat(score.<Double>getAs(Cols.SCALE_SCORE)).isEqualTo(201.5);
    assertThat(score.<Integer>getAs(Cols.PERCENTILE)).isEqualTo(55);
    assertThat(score.<Integer>getAs(Cols.SCHOOL_YEAR)).isEqualTo(2026);

    List<Row> roster =
        slice(warehouse.conformed(Domain.PROGRAM_ENROLLMENTS), PERIOD)
            .orderBy(col(Cols.STUDENT_ID).asc_nulls_last())
            .collectAsList();
    assertThat(roster).hasSize(2);
    assertThat(roster.get(1).<String>getAs(Cols.STUDENT_ID)).isNull();
    assertThat(roster.get(1).<Date>getAs(Cols.BIRTH_DATE)).isEqualTo(Date.valueOf("2015-04-04"));
  }

  @Test
  @Order(1)
  void conformedLogsHoldRowCountsButNoValues() throws Exception {
    String log;
    try (Stream<Path> files =
        Files.list(Path.of(warehouse.conformed(Domain.STUDENTS), "_delta_log"))) {
      log =
          files
              .filter(f -> f.toString().endsWith(".json"))
              .map(IngestJobTest::read)
              .collect(Collectors.joining());
    }
    // Delta's statistics would hold each file's smallest and largest value of every column
    assertThat(log)
        .contains("numRecords")
        .doesNotContain("minValues")
        .doesNotContain("maxValues")
        .doesNotContain("Main St");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @Order(1)
  void districtColumnsDatesAndCodesAreMapped() {
    List<Row> rows =
        slice(warehouse.conformed(Domain.ATTENDANCE), PERIOD)
            .orderBy(Cols.STUDENT_ID, Cols.EVENT_DATE)
            .select(
                Cols.STUDENT_ID,
                Cols.SCHOOL_ID,
                Cols.EVENT_DATE,
                Cols.ATTENDANCE_EVENT,
                Cols.EVENT_DURATION)
            .collectAsList();
    assertThat(rows)
        .extracting(Row::toString)
        .containsExactly(
            "[1001,S1,2025-09-02,UNEXCUSED_ABSENCE,0.5]",
            "[1001,S1,2025-09-03,EXCUSED_ABSENCE,null]",
            "[1002,S1,2025-09-03,TARDY,0.1]");
    assertThat(result.warnings())
        .anySatisfy(w -> assertThat(w).contains("attendance").contains("'Minutes'"));
  }

  @Test
  @Order(1)
  void countsReconcile() {
    IngestResult.DomainResult students = result.domain(Domain.STUDENTS);
    assertThat(students.read()).isEqualTo(12);
    assertThat(students.accepted()).isEqualTo(3);
    assertThat(students.quarantined()).isEqualTo(9);
    assertThat(students.headerLines()).isEqualTo(1);
    assertThat(students.blankLines()).isEqualTo(1);
    assertThat(students.count(Reason.MALFORMED_LINE)).isEqualTo(2);
    assertThat(students.count(Reason.CONFLICTING_KEY)).isEqualTo(2);
    assertThat(students.topReason()).contains(Reason.MALFORMED_LINE); // ties: Reason order
    IngestResult.DomainResult calendar = result.domain(Domain.CALENDAR);
    assertThat(calendar.files()).hasSize(2);
    assertThat(calendar.headerLines()).isEqualTo(2);
    assertThat(calendar.read()).isEqualTo(6);
    for (IngestResult.DomainResult d : result.domains()) {
      assertThat(d.read()).as(d.domain().table()).isEqualTo(d.accepted() + d.quarantined());
      assertThat(slice(warehouse.conformed(d.domain()), PERIOD).count())
          .as(d.domain().table())
          .isEqualTo(d.accepted());
      long expected =
          IngestFixture.EXPECTED_QUARANTINE.getOrDefault(d.domain().table(), Map.of()).size();
      assertThat(d.quarantined()).as(d.domain().table()).isEqualTo(expected);
    }
    List<Row> runs =
        DeltaTables.read(spark, warehouse.ingestRuns())
            .filter(col("run_id").equalTo(result.runId()))
            .collectAsList();
    assertThat(runs).hasSize(Domain.values().length);
    Row studentsRun =
        runs.stream().filter(r -> r.getAs("domain").equals("students")).findFirst().orElseThrow();
    assertThat(studentsRun.<Long>getAs("read")).isEqualTo(12L);
    assertThat(studentsRun.<Long>getAs("accepted")).isEqualTo(3L);
    assertThat(studentsRun.<Long>getAs("quarantined")).isEqualTo(9L);
    assertThat(studentsRun.<Boolean>getAs("committed")).isTrue();
  }

  @Test
  @Order(1)
  void reportIsWrittenForAPerson() throws Exception {
    Path report = Path.of(result.reportPath());
    assertThat(report).endsWith(Path.of("reports/ingest/2025-Q4/data-quality.md"));
    String text = Files.readString(report);
    assertThat(text).isEqualTo(result.report());
    assertThat(text).contains("| students | 1 | 12 | 3 | 9 | 75.0% | MALFORMED_LINE |");
    assertThat(text).contains("Examples of BAD_DATE:");
    assertThat(text).contains("'Minutes'");
  }

  @Test
  @Order(2)
  void rerunReplacesTheSliceAndLeavesOtherPeriodsAlone() {
    // another period's slice, as an earlier quarter's ingestion would have left it
    Period other = Period.parse("2025-Q3");
    String students = warehouse.conformed(Domain.STUDENTS);
    DeltaTables.replaceSlice(
        slice(students, PERIOD).drop(Cols.PERIOD).limit(2),
        students,
        Cols.PERIOD,
        other.toString());

    IngestResult again = IngestJob.run(spark, settings, PERIOD);

    assertThat(again.runId()).isNotEqualTo(result.runId());
    for (IngestResult.DomainResult d : again.domains()) {
      IngestResult.DomainResult first = result.domain(d.domain());
      assertThat(List.of(d.read(), d.accepted(), d.quarantined()))
          .as(d.domain().table())
          .isEqualTo(List.of(first.read(), first.accepted(), first.quarantined()));
      assertThat(slice(warehouse.conformed(d.domain()), PERIOD).count())
          .as(d.domain().table())
          .isEqualTo(first.accepted());
    }
    assertThat(slice(students, other).count()).isEqualTo(2);
    assertThat(quarantine(PERIOD)).isEqualTo(IngestFixture.EXPECTED_QUARANTINE);
    assertThat(
            DeltaTables.read(spark, warehouse.ingestRuns())
                .filter(col("domain").equalTo("students"))
                .count())
        .isEqualTo(2);
  }

  @Test
  @Order(3)
  void qualityGateFailureLeavesConformedTablesAsTheyWere() {
    Map<Domain, Long> versions = new HashMap<>();
    for (Domain d : Domain.values()) {
      versions.put(
          d,
          io.delta.tables.DeltaTable.forPath(spark, warehouse.conformed(d))
              .history(1)
              .first()
              .getLong(0));
    }
    Settings strict =
        IngestFixture.settings(dir.resolve("input"), dir.resolve("warehouse"), 0.5, "");
    assertThatThrownBy(() -> IngestJob.run(spark, strict, PERIOD))
        .isInstanceOfSatisfying(
            OstshareException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(OstshareException.Kind.QUALITY);
              assertThat(e.exitCode()).isEqualTo(6);
              assertThat(e.getMessage())
                  .contains("students: 75.0% quarantined (9 of 12) is above the threshold of 50.0%")
                  .contains("top reasons: MALFORMED_LINE 2, CONFLICTING_KEY 2, MISSING_REQUIRED 1")
                  .doesNotContain("schools:");
            });
    for (Domain d : Domain.values()) {
      assertThat(
              io.delta.tables.DeltaTable.forPath(spark, warehouse.conformed(d))
                  .history(1)
                  .first()
                  .getLong(0))
          .as(d.table())
          .isEqualTo(versions.get(d));
    }
    List<Row> failed =
        DeltaTables.read(spark, warehouse.ingestRuns())
            .filter(col("committed").equalTo(false))
            .collectAsList();
    assertThat(failed).hasSize(Domain.values().length);
    String failedRun = failed.get(0).getAs("run_id");
    assertThat(
            slice(warehouse.quarantine(), PERIOD).filter(col("run_id").equalTo(failedRun)).count())
        .isEqualTo(result.quarantined());
  }
}
