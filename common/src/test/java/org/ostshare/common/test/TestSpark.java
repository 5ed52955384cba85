package org.ostshare.common.test;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local[2], two shuffle partitions, no UI, bound to loopback,
 * UTC, Delta enabled. Starting Spark costs seconds, so every test class shares it; tests never stop
 * it (the JVM exit does).
 */
public final class TestSpark {
  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("ostshare-tests")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              // Delta's vacuum lists files with this many tasks; Spark's default is 10,000
              .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
              .config("spark.sql.adaptive.enabled", "false")
              // memory pages as conf/local.conf sizes them: Spark's own, from the heap, are 16 or
              // 64 MB in the test JVMs, a whole page for each small sort, aggregate and broadcast
              .config("spark.buffer.pageSize", "8m")
              .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }
}
