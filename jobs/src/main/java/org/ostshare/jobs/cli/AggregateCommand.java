package org.ostshare.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ostshare.jobs.analyse.AggregateJob;
import org.ostshare.jobs.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ostshare aggregate --submissions DIR...}: the state's combination of districts. */
@Command(
    name = "aggregate",
    mixinStandardHelpOptions = true,
    description = {
      "Combine districts' summer-learning submissions exactly, pool effects across districts"
          + " (fixed and random effects) and publish suppressed state tables under"
          + " <warehouse>/reports/state/<year>/."
    })
public final class AggregateCommand extends SparkCommand {
  @Option(
      names = "--submissions",
      required = true,
      arity = "1..*",
      paramLabel = "DIR",
      description = "Submission folders written by 'ostshare analyse' (one per district).")
  List<String> submissions = new ArrayList<>();

  @Override
  protected int run(SparkSession spark, Settings settings) {
    AggregateJob.Result r = AggregateJob.run(spark, settings, submissions);
    System.out.printf(
        "State aggregate %s of %d districts %s: %d cells published, %d suppressed.%n",
        r.schoolYear(),
        r.districts().size(),
        r.districts(),
        r.publishedCells(),
        r.suppressedCells());
    for (AggregateJob.Pooled p : r.pooled()) {
      if (p.basis().equals("DAYS") && p.group().equals("HIGH")) {
        System.out.printf(
            "  %-8s HIGH %-18s %+.3f SD [%+.3f, %+.3f]%n",
            p.subject(), p.method(), p.estimate(), p.lower(), p.upper());
      }
    }
    System.out.println("  Reports: " + r.reports());
    return 0;
  }
}
