package org.ostshare.jobs.cli;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.summer.Effects;
import org.ostshare.common.time.Period;
import org.ostshare.common.time.SchoolYear;
import org.ostshare.jobs.analyse.AnalyseJob;
import org.ostshare.jobs.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ostshare analyse --school-year 2024-25}: the summer-learning analysis. */
@Command(
    name = "analyse",
    mixinStandardHelpOptions = true,
    description = {
      "Summer learning: did students who attended summer programmes lose less over the summer?",
      "Writes suppressed tables (Delta + CSV), an HTML summary, the research extract and the"
          + " state submission under <warehouse>/reports/summer/<year>/."
    })
public final class AnalyseCommand extends SparkCommand {
  @Option(
      names = "--school-year",
      required = true,
      paramLabel = "YYYY-YY",
      description = "School year of the spring scores, e.g. 2024-25 (fall scores from 2025-26).")
  String schoolYear;

  @Option(
      names = "--period",
      paramLabel = "YYYY-Qn",
      description = "Conformed slice to read; default: the latest present.")
  String period;

  @Option(
      names = "--district-id",
      paramLabel = "ID",
      description = "District id in the submission; same as --set ostshare.analyse.district-id=ID.")
  String districtId;

  @Override
  protected Settings adjust(Settings settings) {
    return districtId == null
        ? settings
        : settings.withAnalyse(settings.analyse().withDistrictId(districtId));
  }

  @Override
  protected void before(Settings settings) {
    SchoolYear.parse(schoolYear);
    if (period != null) {
      Period.parse(period);
    }
    if (settings.analyse().extract()) {
      AnalyseCommandSupport.checkKey(settings, System.getenv());
    }
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    AnalyseJob.Result r =
        AnalyseJob.run(
            spark,
            settings,
            SchoolYear.parse(schoolYear),
            Optional.ofNullable(period).map(p -> Period.parse(p).toString()),
            System.getenv());
    System.out.println(headline(r));
    return 0;
  }

  static String headline(AnalyseJob.Result r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "Summer %s: %,d students (%,d student-subject rows); groups %s; %,d summer roster rows"
                + " unmatched.%n",
            r.schoolYear(), r.students(), r.cohortRows(), r.groups(), r.unmatchedRosterRows()));
    for (Effects.GroupEffect e : r.effects()) {
      if (e.basis().equals("DAYS")) {
        b.append(
            String.format(
                "  %-8s %-7s n=%,6d  adjusted %+.3f SD [%+.3f, %+.3f]  naive gap %+.3f SD"
                    + " (descriptive)%n",
                e.subject(),
                e.group(),
                e.n(),
                e.clusterSd().estimate(),
                e.clusterSd().lower(),
                e.clusterSd().upper(),
                e.naiveGapSd()));
      }
    }
    b.append(
        String.format(
            "  %d cells published, %d suppressed; %d quasi-identifier combinations below k.%n"
                + "  Reports: %s%n  Submission: %s",
            r.publishedCells(),
            r.suppressedCells(),
            r.rareCombinations(),
            r.reports(),
            r.submission()));
    return b.toString();
  }

  /** Keeps the key check callable before Spark starts. */
  static final class AnalyseCommandSupport {
    private AnalyseCommandSupport() {}

    static void checkKey(Settings settings, Map<String, String> env) {
      AnalyseJob.checkResearchKey(settings.analyse(), env);
    }
  }
}
