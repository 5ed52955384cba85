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
    System.out.println(summary(AggregateJob.run(spark, settings, submissions)));
    return 0;
  }

  /** The headline of a state aggregation: districts, cells, pooled effects of high attenders. */
  static String summary(AggregateJob.Result r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "State aggregate %s of %d districts %s: %d cells published, %d suppressed.%n",
            r.schoolYear(),
            r.districts().size(),
            r.districts(),
            r.publishedCells(),
            r.suppressedCells()));
    for (AggregateJob.Pooled p : r.pooled()) {
      if (p.basis().equals("DAYS") && p.group().equals("HIGH")) {
        b.append(
            String.format(
                "  %-8s HIGH %-18s %+.3f SD [%+.3f, %+.3f]%n",
                p.subject(), p.method(), p.estimate(), p.lower(), p.upper()));
      }
    }
    b.append("  Reports: ").append(r.reports());
    return b.toString();
  }
}
