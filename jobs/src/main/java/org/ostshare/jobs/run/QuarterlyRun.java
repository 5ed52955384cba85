package org.ostshare.jobs.run;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.analyse.AnalyseJob;
import org.ostshare.jobs.ingest.IngestJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.publish.PublishJob;
import org.ostshare.jobs.settings.Settings;

/**
 * A district's quarterly run in one Spark session: ingest the period, publish it to every partner
 * with an agreement, then (when a school year is given) analyse that year's summer from the period
 * just ingested. Each stage is exactly its own command's job; one session spares the start-up and
 * warm-up of three. The run stops at the first stage that fails, with that stage's error: a failed
 * quality gate publishes nothing, and what an earlier stage committed stays committed.
 */
public final class QuarterlyRun {
  private QuarterlyRun() {}

  /** What to run. {@code asOf} null = the period's last day; no school year = no analysis. */
  public record Request(Period period, LocalDate asOf, OptionalInt schoolYear) {}

  /** Told each stage's result as soon as that stage ends, so a long run reports as it goes. */
  public interface Listener {
    default void ingested(IngestResult result) {}

    default void published(PublishJob.Result result) {}

    default void analysed(AnalyseJob.Result result) {}
  }

  /** What the run did; {@code analysed} is empty when no school year was asked for. */
  public record Result(
      Period period,
      IngestResult ingested,
      PublishJob.Result published,
      Optional<AnalyseJob.Result> analysed,
      Duration elapsed) {}

  /**
   * @param env the environment: the partners' pseudonym keys and the research key
   * @throws org.ostshare.common.error.OstshareException of the failing stage (QUALITY when the
   *     ingest gate fails, after the listener was told the ingest result)
   */
  public static Result run(
      SparkSession spark,
      Settings settings,
      Request request,
      Map<String, String> env,
      Listener listener) {
    long started = System.nanoTime();
    IngestResult ingested = IngestJob.execute(spark, settings, request.period());
    listener.ingested(ingested);
    if (!ingested.gatePassed()) {
      throw IngestJob.gateError(ingested);
    }
    PublishJob.Result published =
        PublishJob.run(spark, settings, request.period(), request.asOf(), env);
    listener.published(published);
    Optional<AnalyseJob.Result> analysed = Optional.empty();
    if (request.schoolYear().isPresent()) {
      AnalyseJob.Result r =
          AnalyseJob.run(
              spark,
              settings,
              request.schoolYear().getAsInt(),
              Optional.of(request.period().toString()),
              env);
      listener.analysed(r);
      analysed = Optional.of(r);
    }
    return new Result(
        request.period(),
        ingested,
        published,
        analysed,
        Duration.ofNanos(System.nanoTime() - started));
  }
}
