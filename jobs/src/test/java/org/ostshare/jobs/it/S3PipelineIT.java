package org.ostshare.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.ostshare.common.time.Period;
import org.ostshare.jobs.generate.GenerateJob;
import org.ostshare.jobs.generate.GenerateResult;
import org.ostshare.jobs.ingest.IngestJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;
import org.ostshare.jobs.spark.SparkSessions;
import org.ostshare.jobs.testing.IngestChecks;
import org.ostshare.jobs.testing.S3MockServer;

/**
 * The pipeline with everything on S3 (S3Mock, a separate process): a generated district uploaded as
 * the export, ingested from {@code s3a://} into a warehouse on {@code s3a://}, and checked there.
 * The stages run through their {@code run} methods in one SparkSession built by {@link
 * SparkSessions} from the settings.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3PipelineIT {
  @RegisterExtension static final S3MockServer S3 = new S3MockServer("exports", "warehouse");

  static final Period PERIOD = Period.parse("2025-Q4");
  @TempDir static Path tmp;
  static SparkSession spark;
  static Settings settings;
  static GenerateResult generated;

  @BeforeAll
  static void startSparkAndUploadADistrict() {
    List<String> sets = new ArrayList<>(S3.settings());
    sets.add("ostshare.warehouse=\"s3a://warehouse/district\"");
    sets.add("ostshare.input=\"s3a://exports/2025-Q4\"");
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
}
