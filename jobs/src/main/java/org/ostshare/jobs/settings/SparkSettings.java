package org.ostshare.jobs.settings;

import java.util.Map;

/** How to start Spark. An empty master means "whatever spark-submit chose". */
public record SparkSettings(
    String master,
    String appName,
    int shufflePartitions,
    String logLevel,
    Map<String, String> conf) {

  static SparkSettings from(Keys k) {
    String level = k.string("log-level").toUpperCase(java.util.Locale.ROOT);
    if (!java.util.List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(level)) {
      throw k.bad("log-level", "is '" + level + "'", "one of ERROR, WARN, INFO, DEBUG, TRACE");
    }
    return new SparkSettings(
        k.string("master").strip(),
        k.nonEmpty("app-name"),
        k.intBetween("shuffle-partitions", 1, 100_000),
        level,
        Map.copyOf(k.stringMap("conf")));
  }
}
