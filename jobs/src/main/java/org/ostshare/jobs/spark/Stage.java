package org.ostshare.jobs.spark;

import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named step of a job: labels the Spark jobs it runs (so the Spark UI shows what ran) and tells a
 * person following the run what is happening and how long it took. Never logs student data.
 *
 * <pre>{@code
 * try (Stage s = Stage.start(spark, "ingest", "students")) { ...; s.done("3,012 accepted"); }
 * }</pre>
 */
public final class Stage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("org.ostshare.progress");

  private final SparkSession spark;
  private final String label;
  private final long started = System.nanoTime();
  private String summary;

  private Stage(SparkSession spark, String label) {
    this.spark = spark;
    this.label = label;
  }

  public static Stage start(SparkSession spark, String job, String step) {
    String label = job + ": " + step;
    LOG.info("{} ...", label);
    spark.sparkContext().setJobDescription(label);
    return new Stage(spark, label);
  }

  /** What the step produced, for the closing line (counts, never student values). */
  public void done(String summary) {
    this.summary = summary;
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Override
  public void close() {
    spark.sparkContext().setJobDescription(null);
    LOG.info("{} done{} ({})", label, summary == null ? "" : ": " + summary, format(elapsed()));
  }

  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 60_000
        ? String.format("%.1f s", ms / 1000.0)
        : String.format("%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }
}
