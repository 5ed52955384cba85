package org.ostshare.jobs.demo;

import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.generate.GenerateJob;
import org.ostshare.jobs.generate.GenerateResult;
import org.ostshare.jobs.ingest.IngestJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.settings.Settings;

/**
 * The whole pipeline on a generated district, for a newcomer: generate, ingest, then every later
 * stage, each on the same settings a real run uses. The demo's period is the quarter that holds the
 * generator's as-of date.
 */
public final class DemoJob {
  private DemoJob() {}

  /** What the demo did, stage by stage. */
  public record DemoResult(
      Period period, GenerateResult generated, IngestResult ingested, Duration elapsed) {}

  public static DemoResult run(SparkSession spark, Settings settings) {
    long started = System.nanoTime();
    // the demo ingests exactly what it generated
    Settings demo = settings.withInput(settings.generate().output());
    Period period = Period.containing(demo.generate().asOf());

    GenerateResult generated = GenerateJob.run(spark, demo.generate());
    IngestResult ingested = IngestJob.run(spark, demo, period);
    return new DemoResult(
        period, generated, ingested, Duration.ofNanos(System.nanoTime() - started));
  }
}
