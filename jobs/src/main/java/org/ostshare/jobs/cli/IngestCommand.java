package org.ostshare.jobs.cli;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.ingest.IngestJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.ingest.IngestSummary;
import org.ostshare.jobs.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ostshare ingest --period 2025-Q4}: validate the district's export and load it. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Read the district's export for a period, quarantine bad rows with their reasons, and"
          + " replace the period's slice of every conformed table.",
      "Fails (exit 6) without touching the conformed tables when a domain's quarantined share"
          + " is above ingest.max-quarantine-share; the quarantine and the report are still"
          + " written."
    })
public final class IngestCommand extends SparkCommand {
  @Option(
      names = "--period",
      required = true,
      paramLabel = "YYYY-Qn",
      description = "The quarter the export is loaded for, e.g. 2025-Q4.")
  String period;

  @Spec CommandSpec spec;

  private Period parsed;

  @Override
  protected void before(Settings settings) {
    parsed = Period.parse(period);
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    IngestResult result = IngestJob.execute(spark, settings, parsed);
    PrintWriter out = spec.commandLine().getOut();
    out.print(IngestSummary.table(result));
    out.println("Report: " + result.reportPath());
    out.flush();
    if (!result.gatePassed()) {
      throw IngestJob.gateError(result);
    }
    return 0;
  }
}
