package org.ostshare.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.SparkSessions;
import picocli.CommandLine.Mixin;

/**
 * A command that runs a job on Spark: it loads settings, starts one session, runs, and stops the
 * session however the run ends. Subclasses only parse their own options and call their job.
 */
public abstract class SparkCommand implements Callable<Integer> {
  @Mixin protected SettingsOptions settingsOptions;

  @Override
  public final Integer call() {
    Settings settings = adjust(settingsOptions.load());
    before(settings);
    SparkSession spark = SparkSessions.start(settings.spark());
    try {
      return run(spark, settings);
    } finally {
      spark.stop();
    }
  }

  /** Lets a command change settings from its own options (e.g. --students). */
  protected Settings adjust(Settings settings) {
    return settings;
  }

  /** Checks that need no Spark (arguments, agreements): fail before Spark starts. */
  protected void before(Settings settings) {}

  /** Runs the job and returns the process exit code. */
  protected abstract int run(SparkSession spark, Settings settings);
}
