package org.ostshare.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SettingsLoader;
import org.ostshare.jobs.spark.SparkSessions;
import org.ostshare.jobs.testing.OstshareProcess;
import org.ostshare.jobs.testing.S3MockServer;

/**
 * Delta on {@code s3a://} against a real S3-compatible server (S3Mock, a separate process), through
 * the project's own settings and {@link SparkSessions}: the S3A client, Delta's S3 log store, and
 * credentials taken from named environment variables.
 */
@Tag("integration")
class S3DeltaIT {
  @RegisterExtension static final S3MockServer S3 = new S3MockServer("warehouse");

  static SparkSession spark;
  static Settings settings;

  @BeforeAll
  static void startSpark() {
    List<String> sets = new ArrayList<>(S3.settings());
    sets.add("ostshare.warehouse=\"s3a://warehouse/district\"");
    sets.addAll(localSpark());
    settings = SettingsLoader.load(null, sets, Map.of());
    spark = SparkSessions.start(settings.spark(), S3.env());
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** A small local Spark for the test JVM: two threads, no UI, loopback only. */
  static List<String> localSpark() {
    return List.of(
        "ostshare.spark.master=\"local[2]\"",
        "ostshare.spark.shuffle-partitions=2",
        "ostshare.spark.conf.\"spark.ui.enabled\"=false",
        "ostshare.spark.conf.\"spark.driver.host\"=\"127.0.0.1\"",
        "ostshare.spark.conf.\"spark.driver.bindAddress\"=\"127.0.0.1\"");
  }

  @Test
  void deltaSlicesAreReplacedAtomicallyOnS3() {
    String path = Warehouse.of(settings).path("conformed/it_numbers");
    assertThat(path).isEqualTo("s3a://warehouse/district/conformed/it_numbers");

    DeltaTables.replaceSlice(numbers(0, 30), path, "period", "2025-Q3");
    DeltaTables.replaceSlice(numbers(100, 120), path, "period", "2025-Q4");
    DeltaTables.replaceSlice(numbers(200, 205), path, "period", "2025-Q3");

    Dataset<Row> back = DeltaTables.read(spark, path);
    assertThat(back.count()).isEqualTo(25);
    assertThat(back.where(col("period").equalTo("2025-Q3")).count()).isEqualTo(5);
    assertThat(back.where(col("period").equalTo("2025-Q4")).count()).isEqualTo(20);
    assertThat(
            back.where(col("period").equalTo("2025-Q3"))
                .agg(org.apache.spark.sql.functions.min("n"))
                .first()
                .getLong(0))
        .isEqualTo(200);

    List<String> keys = S3.keys("warehouse", "district/conformed/it_numbers/");
    assertThat(keys)
        .contains(
            "district/conformed/it_numbers/_delta_log/00000000000000000000.json",
            "district/conformed/it_numbers/_delta_log/00000000000000000001.json",
            "district/conformed/it_numbers/_delta_log/00000000000000000002.json")
        .anyMatch(
            k ->
                k.startsWith("district/conformed/it_numbers/period=2025-Q3/")
                    && k.endsWith(".parquet"))
        .anyMatch(
            k ->
                k.startsWith("district/conformed/it_numbers/period=2025-Q4/")
                    && k.endsWith(".parquet"));
  }

  @Test
  void theShippedJarRunsOnS3AndNeverPrintsTheSecret(@TempDir Path dir) {
    List<String> args = new ArrayList<>(List.of("cluster-check", "--rows", "1000"));
    args.addAll(List.of("--warehouse", "s3a://warehouse/cli"));
    for (String s : S3.settings()) {
      args.addAll(List.of("--set", s));
    }
    for (String s : localSpark()) {
      args.addAll(List.of("--set", s));
    }
    // Spark's own logging at INFO too: nothing it prints may carry the secret
    args.addAll(List.of("--set", "ostshare.spark.log-level=INFO"));

    OstshareProcess.Result run = OstshareProcess.run(dir, S3.env(), args);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "cluster check passed: 1,000 rows written to s3a://warehouse/cli/_ops/cluster_check"
                + " and read back, 10 buckets after a shuffle")
        .contains("credentials from environment variables " + S3MockServer.ACCESS_KEY_ENV)
        .doesNotContain(S3MockServer.SECRET_KEY);
    // written, read back, then deleted for real: no object is left under the table
    assertThat(S3.keys("warehouse", "cli/_ops/cluster_check/")).isEmpty();
  }

  private static Dataset<Row> numbers(long from, long to) {
    return spark.range(from, to).toDF("n");
  }
}
