package org.ostshare.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.agreement.Secret;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.publish.Pseudonym;
import org.ostshare.common.publish.Reason;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;

/**
 * End to end through {@link PublishJob#run}: tables, folder, manifest, disclosures, rerun, purge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishJobTest {
  private static final Period Q3 = Period.parse("2025-Q3");
  private static final String KEY1 = "test-key-for-partner-P001-0123456789abcdef";
  private static final Map<String, String> ENV =
      Map.of(
          "OSTSHARE_KEY_P001",
          KEY1,
          "OSTSHARE_KEY_P002",
          "test-key-for-partner-P002-fedcba9876543210");

  @TempDir Path tmp;
  private SparkSession spark;
  private Config district;

  @BeforeAll
  void district() throws Exception {
    spark = TestSpark.get();
    File dir = new File(getClass().getClassLoader().getResource("agreement-cases").toURI());
    district = ConfigFactory.parseFile(new File(dir, "_district.conf")).resolve();
  }

  private Settings settings(Path root, Path agreements) {
    return SettingsLoader.load(
        null,
        List.of(
            "ostshare.warehouse=\"" + root.resolve("wh") + "\"",
            "ostshare.publish.agreements=\"" + agreements + "\""),
        Map.of());
  }

  private void ingest(Settings s, Config c) {
    Warehouse wh = Warehouse.of(s);
    Map<Domain, Dataset<Row>> tables = CaseDistrict.tables(spark, c, Q3.toString());
    tables.forEach(
        (d, ds) ->
            DeltaTables.replaceSlice(
                ds.drop(Cols.PERIOD), wh.conformed(d), Cols.PERIOD, Q3.toString()));
  }

  private static void agreement(Path dir, String file, String text) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), text);
  }

  private static final String P001 =
      """
      agreement {
        id = "DSA-2025-001", version = 2, partner = "P001", basis = school-official
        purpose = "Homework club", signed = 2025-06-01, effective = 2025-07-01, expires = 2026-06-30
        destroy-after = 30 days
        fields {
          student = [student_id, first_name, last_name, grade_level]
          attendance = [student_id, span, days_enrolled, days_absent, attendance_rate, chronic_absence_tier]
          ost = [student_id, program_name, days_attended, hours_attended]
        }
        transform { student_id = pseudonym }
      }
      """;
  private static final String P003 =
      """
      agreement {
        id = "DSA-2025-003", version = 1, partner = "P003", basis = school-official
        purpose = "Afterschool", signed = 2025-06-01, effective = 2025-07-01, expires = 2026-06-30
        fields { student = [student_id, first_name] }
      }
      """;

  @Test
  void publishesRerunsWithoutHistoryAndPurges() throws Exception {
    Path root = tmp.resolve("run");
    Path agreements = root.resolve("agreements");
    agreement(agreements, "p001.conf", P001);
    agreement(agreements, "p003.conf", P003);
    Settings s = settings(root, agreements);
    ingest(s, district);
    Warehouse wh = Warehouse.of(s);

    PublishJob.Result r = PublishJob.run(spark, s, Q3, null, ENV);
    PublishJob.PartnerResult p1 =
        r.partners().stream().filter(p -> p.partner().equals("P001")).findFirst().orElseThrow();
    PublishJob.PartnerResult p3 =
        r.partners().stream().filter(p -> p.partner().equals("P003")).findFirst().orElseThrow();
    assertThat(p1.withheldBecause()).isNull();
    assertThat(p1.delivered()).isEqualTo(7);
    assertThat(p3.withheldBecause()).contains("SUSPENDED");
    assertThat(p3.delivery()).isNull();

    // published student table: exactly the listed columns, pseudonymised ids of the served students
    Dataset<Row> students = DeltaTables.read(spark, wh.published("P001", "student"));
    assertThat(students.columns())
        .containsExactly(
            Cols.STUDENT_ID, Cols.FIRST_NAME, Cols.LAST_NAME, Cols.GRADE_LEVEL, Cols.PERIOD);
    Secret key = new Secret("test", KEY1.getBytes(StandardCharsets.UTF_8));
    Set<String> expected = new TreeSet<>();
    for (String id : List.of("S1", "S2", "S3", "S4", "S6", "S7", "S8")) {
      expected.add(Pseudonym.of(key, id));
    }
    assertThat(ids(students)).isEqualTo(expected);
    assertThat(students.filter("first_name = 'Eva'").count())
        .isZero(); // S5 is not on P001's rosters
    assertThat(DeltaTables.exists(spark, wh.published("P003", "student"))).isFalse();

    // attendance measures of S1: 27 instructional days (weekdays 2025-08-25..09-30), 1 absence
    Row a1 =
        DeltaTables.read(spark, wh.published("P001", "attendance"))
            .filter(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col(Cols.STUDENT_ID)
                    .equalTo(Pseudonym.of(key, "S1")))
            .filter("span = 'PERIOD'")
            .first();
    assertThat(a1.<Integer>getAs("days_enrolled")).isEqualTo(27);
    assertThat(a1.<Integer>getAs("days_absent")).isEqualTo(1);
    assertThat(a1.<String>getAs("chronic_absence_tier")).isEqualTo("SATISFACTORY");

    // delivery folder: CSVs, one card per student, manifest with checksums
    Path folder = root.resolve("wh/deliveries/P001/2025-Q3");
    assertThat(folder.resolve("student.csv")).exists();
    List<String> csv = Files.readAllLines(folder.resolve("student.csv"));
    assertThat(csv.get(0)).isEqualTo("student_id,first_name,last_name,grade_level");
    assertThat(csv).hasSize(8);
    try (Stream<Path> cards = Files.list(folder.resolve("report-cards"))) {
      assertThat(cards.filter(f -> f.toString().endsWith(".html")).count()).isEqualTo(7);
    }
    Map<String, Object> manifest = DeliveryFolder.readManifest(spark, folder.toString());
    assertThat(manifest.get("destroy_by")).isEqualTo("2025-10-30");
    @SuppressWarnings("unchecked")
    Map<String, Object> ag = (Map<String, Object>) manifest.get("agreement");
    assertThat(ag).containsEntry("id", "DSA-2025-001").containsEntry("version", 2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) manifest.get("files");
    for (Map<String, Object> f : files) {
      byte[] bytes = Files.readAllBytes(folder.resolve((String) f.get("path")));
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
          .as("checksum of " + f.get("path"))
          .isEqualTo(f.get("sha256"));
    }
    try (Stream<Path> all = Files.walk(folder)) {
      assertThat(all.map(Path::toString))
          .as("no side files in a delivery")
          .noneMatch(f -> f.endsWith(".crc") || f.contains("_tmp_") || f.endsWith("_SUCCESS"));
    }
    String card = Files.readString(folder.resolve("report-cards/card-000001.html"));
    assertThat(card)
        .contains("<h2>Attendance</h2>")
        .doesNotContain("http://")
        .doesNotContain("https://");

    // record of disclosures
    List<Disclosures.Entry> d1 = Disclosures.forStudent(spark, s, "S1");
    assertThat(d1).hasSize(1);
    assertThat(d1.get(0).partner()).isEqualTo("P001");
    assertThat(d1.get(0).agreement()).isEqualTo("DSA-2025-001");
    assertThat(d1.get(0).fields()).contains("student.first_name", "ost.hours_attended");
    assertThat(Disclosures.forStudent(spark, s, "S5")).isEmpty();

    // rerun after S2 left the roster: S2 is gone from the table, its history and its folder
    Config without =
        ConfigFactory.parseString(
                "data.program_enrollments = [ { program_id = PR1, student_id = S1, begin_date = \"2025-09-02\" } ]")
            .withFallback(district);
    ingest(s, without);
    PublishJob.run(spark, s, Q3, null, ENV);
    String table = wh.published("P001", "student");
    assertThat(ids(DeltaTables.read(spark, table))).containsExactly(Pseudonym.of(key, "S1"));
    // every data file still on storage, whatever version refers to it, holds S1 only
    Dataset<Row> allFiles = spark.read().parquet(table + "/period=2025-Q3");
    assertThat(allFiles.filter("first_name = 'Ben'").count()).isZero();
    // time travel: every earlier version either has its files gone or never held S2
    long latest =
        io.delta.tables.DeltaTable.forPath(spark, table).history(1).first().<Long>getAs("version");
    boolean replacedVersionGone = false;
    for (long v = 0; v < latest; v++) {
      long version = v;
      Throwable old =
          catchThrowable(
              () ->
                  assertThat(
                          spark
                              .read()
                              .format("delta")
                              .option("versionAsOf", version)
                              .load(table)
                              .filter("first_name = 'Ben'")
                              .count())
                      .as("Ben in version " + version)
                      .isZero());
      if (old != null) {
        assertThat(old).as("version " + version).isNotInstanceOf(AssertionError.class);
        replacedVersionGone = true;
      }
    }
    assertThat(replacedVersionGone)
        .as("time travel to the replaced version finds no data")
        .isTrue();
    String log;
    try (Stream<Path> f = Files.list(Path.of(table, "_delta_log"))) {
      log =
          f.filter(p -> p.toString().endsWith(".json"))
              .map(PublishJobTest::read)
              .collect(Collectors.joining());
    }
    assertThat(log)
        .doesNotContain("Ben")
        .doesNotContain("Okafor")
        .doesNotContain(Pseudonym.of(key, "S2"));
    assertThat(Files.readAllLines(folder.resolve("student.csv"))).hasSize(2);

    // explain writes nothing
    long before = count(root);
    PublishJob.PartnerResult e = PublishJob.explain(spark, s, "P001", Q3, null, ENV);
    assertThat(e.reasons().get(Reason.INCLUDED)).isEqualTo(1);
    assertThat(count(root)).isEqualTo(before);

    // purge: not yet due on 2025-10-30, due after it
    assertThat(PurgeJob.run(spark, s, LocalDate.parse("2025-10-30")).destroyed()).isEmpty();
    PurgeJob.Result purged = PurgeJob.run(spark, s, LocalDate.parse("2025-10-31"));
    assertThat(purged.destroyed()).hasSize(1);
    assertThat(DeltaTables.read(spark, table).count()).isZero();
    try (Stream<Path> f = Files.walk(Path.of(table))) {
      assertThat(f.filter(p -> p.toString().endsWith(".parquet")).count())
          .as("data files left")
          .isZero();
    }
    assertThat(folder).doesNotExist();
    assertThat(Path.of(purged.destroyed().get(0).certificate())).exists();
    assertThat(Disclosures.forStudent(spark, s, "S1")).hasSize(2); // the record is kept
  }

  @Test
  void aPartnerServingNobodyGetsEmptyDataSetsOfTheSameShape() throws Exception {
    Path root = tmp.resolve("nobody");
    Path agreements = root.resolve("agreements");
    agreement(agreements, "p001.conf", P001);
    Settings s = settings(root, agreements);
    Warehouse wh = Warehouse.of(s);
    Path folder = root.resolve("wh/deliveries/P001/2025-Q3");
    List<String> domains = List.of("student", "attendance", "ost");
    ingest(s, district);
    assertThat(PublishJob.run(spark, s, Q3, null, ENV).partners().get(0).delivered()).isEqualTo(7);
    Map<String, List<String>> columns = new HashMap<>();
    Map<String, String> headers = new HashMap<>();
    for (String d : domains) {
      columns.put(d, List.of(DeltaTables.read(spark, wh.published("P001", d)).columns()));
      headers.put(d, Files.readAllLines(folder.resolve(d + ".csv")).get(0));
    }

    // the rosters empty out: the agreement is in force and the partner approved, but nobody is
    // served
    ingest(
        s,
        ConfigFactory.parseString("data.program_enrollments = [], data.program_attendance = []")
            .withFallback(district));
    PublishJob.PartnerResult p1 = PublishJob.run(spark, s, Q3, null, ENV).partners().get(0);
    assertThat(p1.withheldBecause()).isNull();
    assertThat(p1.delivered()).isZero();
    for (String d : domains) {
      String table = wh.published("P001", d);
      assertThat(DeltaTables.read(spark, table).columns())
          .as(d)
          .containsExactlyElementsOf(columns.get(d));
      assertThat(DeltaTables.read(spark, table).count()).as(d).isZero();
      // the earlier delivery's files are destroyed, not only unlisted
      try (Stream<Path> f = Files.walk(Path.of(table))) {
        assertThat(f.filter(x -> x.toString().endsWith(".parquet")))
            .as(d)
            .allSatisfy(x -> assertThat(spark.read().parquet(x.toString()).count()).isZero());
      }
      assertThat(Files.readAllLines(folder.resolve(d + ".csv")))
          .as(d)
          .containsExactly(headers.get(d));
    }
    try (Stream<Path> cards = Files.walk(folder)) {
      assertThat(cards.map(Path::toString)).noneMatch(f -> f.endsWith(".html"));
    }
    Map<String, Object> manifest = DeliveryFolder.readManifest(spark, folder.toString());
    assertThat(manifest).containsEntry("students", 0);
    // the folder of nobody is written without Spark: its manifest still lists every file, empty
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) manifest.get("files");
    assertThat(files)
        .extracting(f -> f.get("path"), f -> f.get("rows"))
        .containsExactly(tuple("attendance.csv", 0), tuple("ost.csv", 0), tuple("student.csv", 0));
  }

  @Test
  void aDeliveryThatFailsReleasesTheRowsItKeptAndTheOtherPartnersAreStillRecorded()
      throws Exception {
    Path root = tmp.resolve("failing");
    Path agreements = root.resolve("agreements");
    agreement(agreements, "p001.conf", P001);
    agreement(agreements, "p003.conf", P003);
    Settings s = settings(root, agreements);
    ingest(s, district);
    // the partner's folder cannot be made: its tables are written, then the delivery fails
    Files.createDirectories(root.resolve("wh/deliveries"));
    Files.writeString(root.resolve("wh/deliveries/P001"), "not a folder");
    Set<Integer> before = new TreeSet<>(persisted());

    assertThatThrownBy(() -> PublishJob.run(spark, s, Q3, null, ENV)).hasMessageContaining("P001");

    assertThat(DeltaTables.read(spark, Warehouse.of(s).published("P001", "student")).count())
        .isEqualTo(7);
    assertThat(persisted()).isSubsetOf(before);
    // P003 (suspended) was decided beside P001: its register row is written, P001 has none
    assertThat(
            DeltaTables.read(spark, Warehouse.of(s).deliveries())
                .select("partner_id", "period", "status")
                .collectAsList()
                .stream()
                .map(Row::toString))
        .containsExactly("[P003,2025-Q3,WITHHELD]");
  }

  @Test
  void aFailedSparkJobIsTheFailureOfItsPartnerOnly() {
    // Spark throws its checked SparkException undeclared: it must not escape the partner
    PublishJob.Published r =
        PublishJob.attempt(() -> sneaky(new org.apache.spark.SparkException("Job aborted")));
    assertThat(r.result()).isNull();
    assertThat(r.failure())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Job aborted")
        .hasCauseInstanceOf(org.apache.spark.SparkException.class);

    IllegalArgumentException bad = new IllegalArgumentException("bad");
    assertThat(PublishJob.attempt(() -> sneaky(bad)).failure()).isSameAs(bad);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> PublishJob.Published sneaky(Exception e) throws E {
    throw (E) e;
  }

  /**
   * The ids of the RDDs the session holds in executor memory or on disk, except Delta's own caches
   * of the tables' states, which Delta keeps per snapshot and releases itself.
   */
  private Set<Integer> persisted() {
    Set<Integer> ids = new TreeSet<>();
    scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs())
        .forEach(
            (id, rdd) -> {
              if (rdd.name() == null || !rdd.name().startsWith("Delta Table State")) {
                ids.add((Integer) id);
              }
            });
    return ids;
  }

  @Test
  void refusedAgreementStopsTheRunBeforeAnythingIsWritten() throws Exception {
    Path root = tmp.resolve("refused");
    Path agreements = root.resolve("agreements");
    agreement(agreements, "p001.conf", P001.replace("last_name, grade_level", "last_name, ssn"));
    Settings s = settings(root, agreements);
    ingest(s, district);
    Throwable t = catchThrowable(() -> PublishJob.run(spark, s, Q3, null, ENV));
    assertThat(t).isInstanceOf(OstshareException.class);
    assertThat(t.getMessage())
        .contains(
            "Agreement DSA-2025-001 ("
                + agreements.resolve("p001.conf")
                + ") lists field 'student.ssn'");
    assertThat(root.resolve("wh/published")).doesNotExist();
    assertThat(root.resolve("wh/deliveries")).doesNotExist();
    assertThatThrownBy(() -> PublishJob.run(spark, s, Q3, null, Map.of()))
        .isInstanceOf(OstshareException.class);
  }

  private static Set<String> ids(Dataset<Row> ds) {
    Set<String> out = new TreeSet<>();
    for (Row r : ds.select(Cols.STUDENT_ID).collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static long count(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.count();
    }
  }
}
