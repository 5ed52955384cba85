package org.ostshare.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.generate.GenerateJob;
import org.ostshare.jobs.generate.GenerateResult;
import org.ostshare.jobs.ingest.IngestJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.publish.PublishJob;
import org.ostshare.jobs.publish.PurgeJob;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;
import org.ostshare.jobs.spark.SparkSessions;
import org.ostshare.jobs.testing.IngestChecks;
import org.ostshare.jobs.testing.S3MockServer;

/**
 * The pipeline with everything on S3 (S3Mock, a separate process): a generated district uploaded as
 * the export, ingested from {@code s3a://} into a warehouse on {@code s3a://}, published to
 * partners there, read back, purged, and the bucket listed with the AWS SDK to check that the
 * purged objects are gone. The stages run through their {@code run} methods in one SparkSession
 * built by {@link SparkSessions} from the settings.
 */
@Tag("integration")
@Tag("pipeline") // skipped with -Dit.excluded.groups=pipeline (see jobs/pom.xml)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3PipelineIT {
  @RegisterExtension static final S3MockServer S3 = new S3MockServer("exports", "warehouse");

  static final Period PERIOD = Period.parse("2025-Q4");
  @TempDir static Path tmp;
  static SparkSession spark;
  static Settings settings;
  static GenerateResult generated;
  static List<PublishJob.PartnerResult> publishedPartners = List.of();

  /** Each partner's pseudonym key, from the environment the settings name (test values). */
  static final Map<String, String> KEYS =
      Map.of(
          "OSTSHARE_KEY_P001", "it-key-p001-0123456789abcdef0123456789abcdef",
          "OSTSHARE_KEY_P002", "it-key-p002-0123456789abcdef0123456789abcdef",
          "OSTSHARE_KEY_P003", "it-key-p003-0123456789abcdef0123456789abcdef",
          "OSTSHARE_KEY_P004", "it-key-p004-0123456789abcdef0123456789abcdef",
          "OSTSHARE_KEY_P005", "it-key-p005-0123456789abcdef0123456789abcdef",
          "OSTSHARE_KEY_P006", "it-key-p006-0123456789abcdef0123456789abcdef");

  @BeforeAll
  static void startSparkAndUploadADistrict() {
    List<String> sets = new ArrayList<>(S3.settings());
    sets.add("ostshare.warehouse=\"s3a://warehouse/district\"");
    sets.add("ostshare.input=\"s3a://exports/2025-Q4\"");
    // the demo agreements of the repository (the test runs in jobs/)
    sets.add(
        "ostshare.publish.agreements=\"" + Path.of("../conf/agreements").toAbsolutePath() + "\"");
    sets.addAll(S3DeltaIT.localSpark());
    settings = SettingsLoader.load(null, sets, Map.of());
    spark = SparkSessions.start(settings.spark(), S3.env());

    Path local = tmp.resolve("input");
    generated = GenerateJob.run(spark, settings.generate().with(local.toString(), 120, null, null));
    int files = S3.upload(local, "exports", "2025-Q4");
    assertThat(files).isGreaterThanOrEqualTo(14);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  @Order(1)
  void ingestReadsTheExportFromS3AndWritesTheWarehouseThere() {
    IngestResult result = IngestJob.run(spark, settings, PERIOD);

    assertThat(result.gatePassed()).isTrue();
    assertThat(result.committed()).isTrue();
    Map<String, Long> accepted =
        IngestChecks.assertReconciled(spark, Warehouse.of(settings), PERIOD.toString());
    assertThat(accepted.get("students")).isPositive();
    assertThat(result.reportPath()).startsWith("s3a://warehouse/district/");
    assertThat(S3.keys("warehouse", "district/conformed/students/_delta_log/"))
        .contains("district/conformed/students/_delta_log/00000000000000000000.json");
    assertThat(S3.keys("warehouse", "district/conformed/students/period=2025-Q4/"))
        .isNotEmpty()
        .allMatch(k -> k.endsWith(".parquet"));
  }

  @Test
  @Order(2)
  void publishWritesEveryDeliveryToS3() {
    PublishJob.Result result = PublishJob.run(spark, settings, PERIOD, null, KEYS);

    List<PublishJob.PartnerResult> delivered =
        result.partners().stream().filter(p -> p.withheldBecause() == null).toList();
    assertThat(delivered).isNotEmpty();
    assertThat(result.report()).startsWith("s3a://warehouse/district/");
    for (PublishJob.PartnerResult p : delivered) {
      String table = Warehouse.of(settings).published(p.partner(), "student");
      String prefix = table.substring("s3a://warehouse/".length()) + "/";
      // read back from S3: the published slice holds exactly the delivered students
      assertThat(
              DeltaTables.read(spark, table)
                  .where(col(Cols.PERIOD).equalTo(PERIOD.toString()))
                  .count())
          .as(p.partner() + " students published")
          .isEqualTo(p.delivered());
      if (p.delivered() > 0) {
        assertThat(S3.keys("warehouse", prefix)).anyMatch(k -> k.endsWith(".parquet"));
      }
      assertThat(p.delivery()).startsWith("s3a://warehouse/district/");
      assertThat(S3.keys("warehouse", key(p.delivery()) + "/")).isNotEmpty();
    }
    publishedPartners = delivered;
  }

  @Test
  @Order(3)
  void aRerunLeavesOnS3OnlyTheObjectsOfTheNewVersion() {
    assertThat(publishedPartners).as("publish ran").isNotEmpty();
    Map<String, Set<String>> before = new HashMap<>();
    for (PublishJob.PartnerResult p : publishedPartners) {
      before.put(
          p.partner(), dataObjects(Warehouse.of(settings).published(p.partner(), "student")));
    }

    PublishJob.run(spark, settings, PERIOD, null, KEYS);

    for (PublishJob.PartnerResult p : publishedPartners) {
      String table = Warehouse.of(settings).published(p.partner(), "student");
      Set<String> current =
          Arrays.stream(
                  DeltaTables.read(spark, table)
                      .where(col(Cols.PERIOD).equalTo(PERIOD.toString()))
                      .inputFiles())
              .map(S3PipelineIT::key)
              .collect(Collectors.toSet());
      assertThat(dataObjects(table))
          .as(p.partner() + " objects after the rerun")
          .isEqualTo(current);
      if (p.delivered() > 0) {
        assertThat(current)
            .as(p.partner() + " replaced objects left")
            .doesNotContainAnyElementsOf(before.get(p.partner()));
      }
    }
  }

  /** The keys of a table's data objects on S3. */
  private static Set<String> dataObjects(String table) {
    return S3.keys("warehouse", key(table) + "/").stream()
        .filter(k -> k.endsWith(".parquet") && !k.contains("/_delta_log/"))
        .collect(Collectors.toSet());
  }

  @Test
  @Order(4)
  void purgeDeletesTheDeliveriesObjectsFromS3() {
    assertThat(publishedPartners).as("publish ran").isNotEmpty();
    // every demo agreement destroys 30 to 90 days after the period's end; a year later all are due
    PurgeJob.Result purged = PurgeJob.run(spark, settings, PERIOD.end().plusYears(1));

    assertThat(purged.destroyed())
        .extracting(PurgeJob.Destroyed::partner)
        .containsExactlyInAnyOrderElementsOf(
            publishedPartners.stream().map(PublishJob.PartnerResult::partner).toList());
    for (PublishJob.PartnerResult p : publishedPartners) {
      String table = Warehouse.of(settings).published(p.partner(), "student");
      assertThat(DeltaTables.read(spark, table).count()).isZero();
      // deleted for real: no data file of the partner's tables and no delivery file is left
      assertThat(S3.keys("warehouse", key(Warehouse.of(settings).publishedPartner(p.partner()))))
          .as(p.partner() + " objects left")
          .noneMatch(k -> k.endsWith(".parquet"));
      assertThat(S3.keys("warehouse", key(p.delivery()) + "/")).isEmpty();
      assertThat(purged.destroyed()).allMatch(d -> d.certificate().startsWith("s3a://warehouse/"));
    }
  }

  /** The object key of an s3a://warehouse/... path. */
  private static String key(String path) {
    assertThat(path).startsWith("s3a://warehouse/");
    return path.substring("s3a://warehouse/".length());
  }
}
