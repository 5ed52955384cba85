package org.ostshare.jobs.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ostshare.jobs.settings.SparkSettings;

/** Starts the one SparkSession of a run, with Delta Lake and the project's defaults. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession start(SparkSettings settings) {
    SparkSession.Builder b = SparkSession.builder().appName(settings.appName());
    if (!settings.master().isEmpty()) {
      b.master(settings.master());
    }
    for (Map.Entry<String, String> e : defaults(settings).entrySet()) {
      b.config(e.getKey(), e.getValue());
    }
    settings.conf().forEach(b::config);
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel(settings.logLevel());
    return spark;
  }

  /** What every run needs; user's spark.conf entries override these. */
  static Map<String, String> defaults(SparkSettings settings) {
    return Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()),
        // dates are calendar dates: never shift them by the machine's zone
        "spark.sql.session.timeZone", "UTC",
        "spark.ui.showConsoleProgress", "false",
        // purge deletes for real: allow vacuum with a zero retention when it is asked to
        "spark.databricks.delta.retentionDurationCheck.enabled", "false",
        "spark.sql.adaptive.enabled", "true");
  }
}
