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
 *
 * <p>A step closed without {@link #done} did not reach its end (it failed, or was cancelled when a
 * step beside it failed): its closing line says "stopped", not "done".
 */
public final class Stage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("org.ostshare.progress");

  private final SparkSession spark;
  private final String label;
  private final long started = System.nanoTime();
  private String summary;
  private boolean reached;

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

  /** The step reached its end. */
  public void done() {
    this.reached = true;
  }

  /** The step reached its end with this result, for the closing line (never student values). */
  public void done(String summary) {
    this.summary = summary;
    this.reached = true;
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Override
  public void close() {
    spark.sparkContext().setJobDescription(null);
    LOG.info(closingLine());
  }

  /**
   * The line the step ends with: "done" and its result, or "stopped" if it did not reach its end.
   */
  String closingLine() {
    String time = " (" + format(elapsed()) + ")";
    if (!reached) {
      return label + " stopped" + time;
    }
    return label + " done" + (summary == null ? "" : ": " + summary) + time;
  }

  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 60_000
        ? String.format("%.1f s", ms / 1000.0)
        : String.format("%d min %02d s", ms / 60_000, (ms / 1000) % 60);
  }
}
