package org.ostshare.jobs.demo;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.analyse.AggregateJob;
import org.ostshare.jobs.analyse.AnalyseJob;
import org.ostshare.jobs.generate.GenerateJob;
import org.ostshare.jobs.generate.GenerateResult;
import org.ostshare.jobs.ingest.IngestJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.publish.PublishJob;
import org.ostshare.jobs.run.QuarterlyRun;
import org.ostshare.jobs.settings.Settings;

/**
 * The whole pipeline on generated districts, for a newcomer: generate, ingest, publish, analyse,
 * then a second district analysed the same way and both submissions aggregated as a state would.
 * Every stage runs exactly as its own command does; the first district's quarter is the quarterly
 * run of {@code ostshare run}. The period is the quarter that holds the generator's as-of date; the
 * analysed summer is the one between the two generated school years.
 */
public final class DemoJob {
  private DemoJob() {}

  /** What the demo did, stage by stage. */
  public record DemoResult(
      Period period,
      GenerateResult generated,
      IngestResult ingested,
      PublishJob.Result published,
      AnalyseJob.Result analysed,
      AnalyseJob.Result secondDistrict,
      AggregateJob.Result aggregated,
      boolean throwawayKeys,
      Duration elapsed) {}

  public static DemoResult run(SparkSession spark, Settings settings) {
    long started = System.nanoTime();
    Settings a = settings.withInput(settings.generate().output());
    Period period = Period.containing(a.generate().asOf());
    Map<String, String> env = new HashMap<>(System.getenv());
    boolean throwaway = addThrowawayKeys(env, a);

    GenerateResult generated = GenerateJob.run(spark, a.generate());
    int summer = a.generate().firstSchoolYear();
    QuarterlyRun.Result quarter =
        QuarterlyRun.run(
            spark,
            a,
            new QuarterlyRun.Request(period, null, OptionalInt.of(summer)),
            env,
            new QuarterlyRun.Listener() {});
    AnalyseJob.Result analysed = quarter.analysed().orElseThrow();

    // a neighbouring district: same settings, another seed, its own input and warehouse
    Settings b =
        a.withGenerate(
                a.generate()
                    .with(
                        a.generate().output() + "-district-b", null, a.generate().seed() + 1, null))
            .withWarehouse(a.warehouse() + "-district-b")
            .withAnalyse(a.analyse().withDistrictId(a.analyse().districtId() + "-b"));
    b = b.withInput(b.generate().output());
    GenerateJob.run(spark, b.generate());
    IngestJob.run(spark, b, period);
    AnalyseJob.Result second = AnalyseJob.run(spark, b, summer, Optional.empty(), env);

    AggregateJob.Result aggregated =
        AggregateJob.run(spark, a, List.of(analysed.submission(), second.submission()));
    return new DemoResult(
        period,
        generated,
        quarter.ingested(),
        quarter.published(),
        analysed,
        second,
        aggregated,
        throwaway,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * The demo must run on a fresh machine, where no pseudonym keys are set: for each key the
   * agreements and the research extract need and the environment lacks, it makes a random key for
   * this run only (never written anywhere). Real runs take keys from the environment.
   */
  static boolean addThrowawayKeys(Map<String, String> env, Settings settings) {
    SecureRandom random = new SecureRandom();
    boolean added = false;
    for (String variable : keyVariables(settings)) {
      if (env.get(variable) == null || env.get(variable).isBlank()) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        env.put(variable, Base64.getEncoder().encodeToString(key));
        added = true;
      }
    }
    return added;
  }

  private static List<String> keyVariables(Settings settings) {
    Path folder = Path.of(settings.publish().agreements());
    List<String> variables = new java.util.ArrayList<>();
    variables.add(settings.analyse().keyEnv());
    if (!Files.isDirectory(folder)) {
      return variables;
    }
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(f -> f.toString().endsWith(".conf"))
          .map(f -> ConfigFactory.parseFile(f.toFile()))
          .filter(c -> c.hasPath("agreement.partner"))
          .map(c -> c.getString("agreement.partner"))
          .map(p -> settings.publish().secretVariable().replace("{partner}", p))
          .forEach(variables::add);
    } catch (IOException e) {
      throw Errors.input(
          "The agreements folder " + folder + " cannot be listed: " + e.getMessage(),
          "The demo reads which partners need pseudonym keys.",
          "Check ostshare.publish.agreements.");
    }
    return variables;
  }
}
