package org.ostshare.jobs.settings;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How to start Spark. An empty master means "whatever spark-submit chose"; a master given to
 * spark-submit wins over this one (see {@link org.ostshare.jobs.spark.SparkSessions}).
 *
 * @param s3 how S3A reaches object storage (the {@code ostshare.s3} section)
 */
public record SparkSettings(
    String master,
    String appName,
    int shufflePartitions,
    String logLevel,
    Map<String, String> conf,
    S3Settings s3) {

  /** Spark's own default for {@code spark.redaction.regex}: values of such keys are hidden. */
  public static final Pattern SECRET_KEY =
      Pattern.compile("(?i)secret|password|token|access[.]?key|credential");

  static SparkSettings from(Keys k, S3Settings s3) {
    String level = k.string("log-level").toUpperCase(java.util.Locale.ROOT);
    if (!java.util.List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(level)) {
      throw k.bad("log-level", "is '" + level + "'", "one of ERROR, WARN, INFO, DEBUG, TRACE");
    }
    Map<String, String> conf = k.stringMap("conf");
    for (String key : conf.keySet()) {
      if (key.matches("(?i).*fs\\.s3a\\.(.*\\.)?(access\\.key|secret\\.key|session\\.token)")) {
        // the value is not echoed: it is a secret that was about to be committed
        throw k.bad(
            "conf.\"" + key + "\"",
            "holds an S3 credential",
            "credentials kept out of settings files: name the environment variables that hold"
                + " them in ostshare.s3.access-key-env and secret-key-env, or use the AWS provider"
                + " chain");
      }
    }
    return new SparkSettings(
        k.string("master").strip(),
        k.nonEmpty("app-name"),
        shufflePartitions(k),
        level,
        Map.copyOf(conf),
        s3);
  }

  /**
   * A whole number, or {@code cores}: one partition per core of the machine the driver runs on,
   * which suits one machine (on 2 cores, 2 partitions made the quarterly run 7-15 % faster than 4
   * or 16 at 20,000 and 250,000 students: docs/benchmarks.md, item 33).
   */
  private static int shufflePartitions(Keys k) {
    String v = k.string("shuffle-partitions").strip();
    if (v.equals("cores")) {
      return Runtime.getRuntime().availableProcessors();
    }
    if (!v.matches("[0-9]+")) {
      throw k.bad(
          "shuffle-partitions",
          "is '" + v + "'",
          "a whole number from 1 to 100000, or cores (one per core of this machine)");
    }
    return k.intBetween("shuffle-partitions", 1, 100_000);
  }

  /** Like the record's, but values of secret-looking keys are redacted. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    conf.forEach((key, v) -> shown.put(key, SECRET_KEY.matcher(key).find() ? "*****" : v));
    return "SparkSettings[master="
        + master
        + ", appName="
        + appName
        + ", shufflePartitions="
        + shufflePartitions
        + ", logLevel="
        + logLevel
        + ", conf="
        + shown
        + ", s3="
        + s3
        + "]";
  }
}
