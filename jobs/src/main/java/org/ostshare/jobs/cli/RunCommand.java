package org.ostshare.jobs.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.time.Period;
import org.ostshare.common.time.SchoolYear;
import org.ostshare.jobs.analyse.AnalyseJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.ingest.IngestSummary;
import org.ostshare.jobs.publish.PublishJob;
import org.ostshare.jobs.run.QuarterlyRun;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ostshare run --period 2025-Q4 [--school-year 2024-25]}: the quarterly run at once. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "The quarterly run in one process: ingest the period, publish it to every partner with an"
          + " agreement, and, with --school-year, analyse that summer from the period just"
          + " ingested. Each stage does exactly what its own command does.",
      "Stops at the first stage that fails, with that stage's exit code (6 when the ingest"
          + " quality gate fails: then nothing is published)."
    })
public final class RunCommand extends SparkCommand {
  @Option(
      names = "--period",
      required = true,
      paramLabel = "YYYY-Qn",
      description = "The quarter to ingest and publish, e.g. 2025-Q4.")
  String period;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description =
          "Date approvals, consents and opt-outs are judged on. Default: the period's last day.")
  String asOf;

  @Option(
      names = "--school-year",
      paramLabel = "YYYY-YY",
      description =
          "Also analyse the summer after this school year's spring, e.g. 2024-25 (once the fall"
              + " scores are in). Without it the run ends after publishing.")
  String schoolYear;

  @Spec CommandSpec spec;

  private QuarterlyRun.Request request;

  @Override
  protected void before(Settings settings) {
    OptionalInt year =
        schoolYear == null ? OptionalInt.empty() : OptionalInt.of(SchoolYear.parse(schoolYear));
    LocalDate on = PublishCommands.date(asOf, "--as-of");
    request = new QuarterlyRun.Request(Period.parse(period), on, year);
    if (year.isPresent() && settings.analyse().extract()) {
      // a missing research key must stop the run before ingest writes anything
      AnalyseCommand.AnalyseCommandSupport.checkKey(settings, System.getenv());
    }
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    PrintWriter out = spec.commandLine().getOut();
    QuarterlyRun.Result r =
        QuarterlyRun.run(spark, settings, request, System.getenv(), new Printer(out));
    out.println(
        "Quarterly run of " + r.period() + " finished in " + Stage.format(r.elapsed()) + ".");
    out.flush();
    return 0;
  }

  /** Prints each stage's summary as the stage ends, as the stage's own command would. */
  private record Printer(PrintWriter out) implements QuarterlyRun.Listener {
    @Override
    public void ingested(IngestResult r) {
      out.println("== ingest " + r.period());
      out.print(IngestSummary.table(r));
      out.println("Report: " + r.reportPath());
      out.flush();
    }

    @Override
    public void published(PublishJob.Result r) {
      out.println("== publish " + r.period() + " (as of " + r.asOf() + ")");
      out.print(PublishCommands.partners(r));
      out.println("Run report: " + r.report());
      out.flush();
    }

    @Override
    public void analysed(AnalyseJob.Result r) {
      out.println("== analyse the summer after " + r.schoolYear());
      out.println(AnalyseCommand.headline(r));
      out.flush();
    }
  }
}
