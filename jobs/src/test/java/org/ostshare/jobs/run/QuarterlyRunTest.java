package org.ostshare.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.analyse.AnalyseJob;
import org.ostshare.jobs.generate.GenerateJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.publish.PublishJob;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;
import org.ostshare.jobs.testing.IngestChecks;

/**
 * The quarterly run on a small generated district: the three stages in order, each leaving what its
 * own command leaves; a failed quality gate stops the run before anything is published or analysed.
 */
class QuarterlyRunTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Period period;
  static int summer;

  static final Map<String, String> ENV =
      Map.of(
          "OSTSHARE_RESEARCH_KEY", "run-test-research-key-0123456789abcdef",
          "OSTSHARE_KEY_P001", "run-test-key-p001-0123456789abcdef",
          "OSTSHARE_KEY_P002", "run-test-key-p002-0123456789abcdef",
          "OSTSHARE_KEY_P003", "run-test-key-p003-0123456789abcdef",
          "OSTSHARE_KEY_P004", "run-test-key-p004-0123456789abcdef",
          "OSTSHARE_KEY_P005", "run-test-key-p005-0123456789abcdef",
          "OSTSHARE_KEY_P006", "run-test-key-p006-0123456789abcdef");

  /** Stages in the order the listener heard of them. */
  static final class Heard implements QuarterlyRun.Listener {
    final List<String> stages = new ArrayList<>();

    @Override
    public void ingested(IngestResult result) {
      stages.add("ingested " + result.period());
    }

    @Override
    public void published(PublishJob.Result result) {
      stages.add("published " + result.period());
    }

    @Override
    public void analysed(AnalyseJob.Result result) {
      stages.add("analysed " + result.schoolYear());
    }
  }

  /** The district's settings with its own warehouse, and any further settings. */
  static Settings settings(String warehouse, String... more) {
    List<String> sets = new ArrayList<>();
    sets.add("ostshare.spark.master=\"local[2]\"");
    // the demo agreements of the repository (the test runs in jobs/)
    sets.add(
        "ostshare.publish.agreements=\"" + Path.of("../conf/agreements").toAbsolutePath() + "\"");
    sets.add("ostshare.input=\"" + dir.resolve("input") + "\"");
    sets.add("ostshare.warehouse=\"" + dir.resolve(warehouse) + "\"");
    sets.addAll(List.of(more));
    return SettingsLoader.load(null, sets, Map.of());
  }

  @BeforeAll
  static void generateADistrict() {
    spark = TestSpark.get();
    Settings s = settings("warehouse");
    GenerateJob.run(spark, s.generate().with(s.input(), 150, null, null));
    period = Period.containing(s.generate().asOf());
    summer = s.generate().firstSchoolYear();
  }

  @Test
  void aQuarterIsIngestedPublishedAndAnalysedInThatOrder() throws Exception {
    Settings settings = settings("warehouse");
    Warehouse w = Warehouse.of(settings);
    Heard heard = new Heard();

    QuarterlyRun.Result r =
        QuarterlyRun.run(
            spark,
            settings,
            new QuarterlyRun.Request(period, null, OptionalInt.of(summer)),
            ENV,
            heard);

    String year = r.analysed().orElseThrow().schoolYear();
    assertThat(heard.stages)
        .containsExactly("ingested " + period, "published " + period, "analysed " + year);
    assertThat(r.ingested().committed()).isTrue();
    Map<String, Long> accepted = IngestChecks.assertReconciled(spark, w, period.toString());
    assertThat(accepted.get("students")).isEqualTo(r.ingested().domain(Domain.STUDENTS).accepted());

    // every partner has a decision; each delivery is in place with its manifest
    assertThat(r.published().partners()).hasSize(6);
    List<PublishJob.PartnerResult> delivered =
        r.published().partners().stream().filter(p -> p.withheldBecause() == null).toList();
    assertThat(delivered).isNotEmpty();
    for (PublishJob.PartnerResult p : delivered) {
      assertThat(Path.of(p.delivery(), "manifest.json")).exists();
    }
    assertThat(Path.of(r.published().report())).exists();

    // the roster rows matching no student or several are exactly those the generator planted
    Column[] row = {
      col("roster"), col("program_id"), col("first_name"), col("last_name"), col("birth_date")
    };
    Dataset<Row> planted =
        spark
            .read()
            .option("header", "true")
            .csv(dir.resolve("truth/roster_identities.csv").toString())
            .filter(col("expected").isin("UNMATCHED", "AMBIGUOUS"))
            .withColumnRenamed("domain", "roster")
            .withColumn("birth_date", col("birth_date").cast("date"))
            // ingest strips the spaces around values that some partners' spellings have
            .withColumn("first_name", trim(col("first_name")))
            .withColumn("last_name", trim(col("last_name")))
            .select(concat(row, col("expected").as("match_status")))
            .distinct();
    Dataset<Row> reported =
        spark
            .read()
            .format("delta")
            .load(w.matchReport())
            .filter(col("period").equalTo(period.toString()))
            .select(concat(row, col("match_status")))
            .distinct();
    assertThat(planted.filter(col("match_status").equalTo("AMBIGUOUS")).count()).isPositive();
    assertThat(reported.exceptAll(planted).collectAsList()).isEmpty();
    assertThat(planted.exceptAll(reported).collectAsList()).isEmpty();

    // the analysis read the period just ingested and matches the analyse command's job
    AnalyseJob.Result again =
        AnalyseJob.run(spark, settings, summer, Optional.of(period.toString()), ENV);
    AnalyseJob.Result analysed = r.analysed().get();
    assertThat(analysed.students()).isPositive().isEqualTo(again.students());
    assertThat(analysed.cohortRows()).isEqualTo(again.cohortRows());
    assertThat(analysed.groups()).isEqualTo(again.groups());
    assertThat(Path.of(analysed.reports(), "summary.html")).exists();
  }

  @Test
  void aFailedQualityGateStopsTheRunBeforeAnythingIsPublished() {
    // the generated district has about 1 % defective rows in every large domain
    Settings settings = settings("gate", "ostshare.ingest.max-quarantine-share=0");
    Heard heard = new Heard();

    assertThatThrownBy(
            () ->
                QuarterlyRun.run(
                    spark,
                    settings,
                    new QuarterlyRun.Request(period, null, OptionalInt.of(summer)),
                    ENV,
                    heard))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("too many rows were quarantined");

    assertThat(heard.stages).containsExactly("ingested " + period);
    Path warehouse = dir.resolve("gate");
    // the quarantine and the report explain the failure; nothing left the district
    assertThat(warehouse.resolve("quality/quarantine")).exists();
    assertThat(warehouse.resolve("conformed")).doesNotExist();
    assertThat(warehouse.resolve("published")).doesNotExist();
    assertThat(warehouse.resolve("deliveries")).doesNotExist();
    assertThat(warehouse.resolve("analysis")).doesNotExist();
    assertThat(Files.exists(warehouse.resolve("reports/summer"))).isFalse();
  }

  private static Column[] concat(Column[] head, Column tail) {
    Column[] all = java.util.Arrays.copyOf(head, head.length + 1);
    all[head.length] = tail;
    return all;
  }
}
