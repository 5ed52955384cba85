package org.ostshare.jobs.analyse;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.stats.Ols;
import org.ostshare.common.summer.Cell;
import org.ostshare.common.summer.CellStats;
import org.ostshare.common.summer.SummerCols;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;

/**
 * The analyse and aggregate jobs end to end on two small synthetic districts and their union:
 * outputs are written, suppressed and verified; the state aggregate of the two equals the analysis
 * of the union; missing keys and mismatched settings are refused.
 */
class SummerAnalyseJobTest {
  @TempDir static Path dir;
  static final Map<String, String> ENV =
      Map.of("OSTSHARE_RESEARCH_KEY", "test-key-0123456789abcdef");
  static SparkSession spark;
  static Settings base;
  static AnalyseJob.Result a;
  static AnalyseJob.Result b;
  static AnalyseJob.Result union;
  static AggregateJob.Result state;

  static Settings district(String id) {
    return base.withWarehouse(dir.resolve(id).toString())
        .withAnalyse(base.analyse().withDistrictId(id));
  }

  @BeforeAll
  static void analyse() {
    spark = TestSpark.get();
    base = SettingsLoader.load(null, List.of("ostshare.spark.master=\"local[2]\""), Map.of());
    SummerDistrict.write(spark, Warehouse.of(district("a")), "a", 300, 1);
    SummerDistrict.write(spark, Warehouse.of(district("b")), "b", 400, 2);
    SummerDistrict.union(
        spark,
        Warehouse.of(district("a")),
        Warehouse.of(district("b")),
        Warehouse.of(district("ab")));
    a = AnalyseJob.run(spark, district("a"), 2025, java.util.Optional.empty(), ENV);
    b = AnalyseJob.run(spark, district("b"), 2025, java.util.Optional.empty(), ENV);
    union = AnalyseJob.run(spark, district("ab"), 2025, java.util.Optional.empty(), ENV);
    state = AggregateJob.run(spark, district("state"), List.of(a.submission(), b.submission()));
  }

  @Test
  void analysisCountsTheCohortAndReportsUnmatchedRosterRows() {
    assertThat(a.schoolYear()).isEqualTo("2024-25");
    assertThat(a.students()).isEqualTo(300);
    assertThat(a.cohortRows()).isEqualTo(600);
    assertThat(a.unmatchedRosterRows())
        .as("the summer programme's unmatched row; the afterschool one is not the analysis's")
        .isEqualTo(1);
    assertThat(a.groups()).containsKeys("NON_PARTICIPANT", "HIGH", "LOW");
    assertThat(a.suppressedCells()).isPositive();
    assertThat(Path.of(a.reports(), "summary.html"))
        .content()
        .contains("<svg")
        .contains("descriptive, not causal");
    assertThat(Path.of(a.reports(), "descriptive.csv")).exists();
    assertThat(Path.of(a.submission(), "manifest.json"))
        .content()
        .contains("\"format_version\" : 1");
  }

  @Test
  void noPublishedTableHasACellBelowTheMinimum() {
    for (String table : List.of("descriptive", "effects", "fall_attendance")) {
      for (String where : List.of("a", "b", "ab")) {
        Dataset<Row> t =
            org.ostshare.jobs.io.DeltaTables.read(
                spark, Warehouse.of(district(where)).summer(table));
        assertThat(t.filter(col("n").lt(10)).count()).as(where + " " + table).isZero();
        assertThat(t.filter(col("suppressed").and(col("n").isNotNull())).count()).isZero();
      }
      Dataset<Row> s =
          org.ostshare.jobs.io.DeltaTables.read(
              spark,
              Warehouse.of(district("state"))
                  .state(table.equals("effects") ? "pooled_effects" : table));
      assertThat(s.filter(col("n").lt(10)).count()).as("state " + table).isZero();
    }
  }

  @Test
  void stateAggregateOfTwoDistrictsEqualsTheAnalysisOfTheirUnion() {
    Submission u = Submission.read(spark, union.submission());
    Map<Cell.Key, CellStats> onUnion = new HashMap<>();
    u.cells().forEach(c -> onUnion.put(c.key(), c.stats()));
    assertThat(state.cells()).hasSameSizeAs(u.cells());
    for (Cell c : state.cells()) {
      CellStats x = onUnion.get(c.key());
      assertThat(x).as(c.key().toString()).isNotNull();
      assertThat(c.stats().n()).isEqualTo(x.n());
      close(c.stats().spring().mean(), x.spring().mean());
      close(c.stats().fall().mean(), x.fall().mean());
      close(c.stats().change().mean(), x.change().mean());
      close(c.stats().change().sd(), x.change().sd());
      close(c.stats().fall().sd(), x.fall().sd());
    }
    for (Map.Entry<String, org.ostshare.common.stats.OlsBlocks> e : u.blocks().entrySet()) {
      Ols.Fit pooled = Ols.fit(state.blocks().get(e.getKey()));
      Ols.Fit direct = Ols.fit(e.getValue());
      for (int i = 0; i < direct.beta().length; i++) {
        close(pooled.beta()[i], direct.beta()[i]);
      }
    }
    assertThat(state.pooled())
        .anySatisfy(p -> assertThat(p.method()).isEqualTo("random-effects-dl"))
        .anySatisfy(p -> assertThat(p.method()).isEqualTo(AggregateJob.UNION));
  }

  @Test
  void researchExtractIsDeIdentified() {
    Dataset<Row> x =
        org.ostshare.jobs.io.DeltaTables.read(
            spark, Warehouse.of(district("a")).summer("research_extract"));
    assertThat(x.columns())
        .contains(SummerCols.RESEARCH_ID, SummerCols.BIRTH_YEAR)
        .doesNotContain("student_id", "first_name", "last_name", "birth_date", "address", "phone");
    assertThat(x.count()).isEqualTo(600);
    assertThat(x.filter(col(SummerCols.RESEARCH_ID).rlike("^[0-9a-f]{64}$")).count())
        .isEqualTo(600);
    assertThat(x.filter(col(SummerCols.RESEARCH_ID).startsWith("a-")).count()).isZero();
  }

  @Test
  void missingResearchKeyIsRefusedWithTheVariableName() {
    assertThatThrownBy(
            () -> AnalyseJob.run(spark, district("a"), 2025, java.util.Optional.empty(), Map.of()))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("OSTSHARE_RESEARCH_KEY")
        .satisfies(e -> assertThat(((OstshareException) e).exitCode()).isEqualTo(3));
  }

  @Test
  void submissionsWithOtherSettingsAreRefused() throws Exception {
    Path copy = dir.resolve("other-b");
    copyTree(Path.of(b.submission()), copy);
    Path manifest = copy.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"high_min_days\" : 20", "\"high_min_days\" : 15"));
    assertThatThrownBy(
            () ->
                AggregateJob.run(
                    spark, district("state2"), List.of(a.submission(), copy.toString())))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("different settings")
        .satisfies(e -> assertThat(((OstshareException) e).exitCode()).isEqualTo(8));
  }

  @Test
  void verifierFailsTheRunWhenASuppressedCellCanBeRecovered() {
    Warehouse w = Warehouse.of(district("b"));
    Dataset<Row> descriptive = AnalyseJob.slice(spark, w.summer("descriptive"), "2024-25");
    assertThat(descriptive.filter(col("suppression").equalTo("COMPLEMENTARY")).count())
        .isPositive();
    // "forget" the complementary suppressions: publish those cells' n again
    Dataset<Row> broken =
        descriptive
            .withColumn(
                "n",
                org.apache
                    .spark
                    .sql
                    .functions
                    .when(
                        col("suppression").equalTo("COMPLEMENTARY"),
                        org.apache.spark.sql.functions.lit(25L))
                    .otherwise(col("n")))
            .withColumn(
                "suppressed", col("suppressed").and(col("suppression").notEqual("COMPLEMENTARY")));
    Dataset<Row> effects = AnalyseJob.slice(spark, w.summer("effects"), "2024-25");

    assertThatThrownBy(() -> SummerTables.verify("test", broken, effects, null, 10))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("can be recovered")
        .satisfies(e -> assertThat(((OstshareException) e).exitCode()).isEqualTo(7));
  }

  static void close(double x, double y) {
    if (Double.isNaN(y)) {
      assertThat(x).isNaN();
    } else {
      assertThat(x).isCloseTo(y, within(1e-9 * Math.max(1, Math.abs(y))));
    }
  }

  static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".crc")) {
          continue;
        }
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
