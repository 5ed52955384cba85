package org.ostshare.jobs.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
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

/**
 * {@code ostshare validate}: checks the settings and every source (files, headers, encodings) and
 * validates every row exactly as ingestion would, printing the data-quality report, without writing
 * anything.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the settings and the district's export without writing anything: files exist,"
          + " headers map, every row is validated as `ostshare ingest` would, and the"
          + " data-quality report is printed.",
      "Exit 6 when ingestion would stop at the quality gate."
    })
public final class ValidateCommand extends SparkCommand {
  @Option(
      names = "--period",
      paramLabel = "YYYY-Qn",
      description = "The quarter to validate for (default: the current quarter).")
  String period;

  @Spec CommandSpec spec;

  private Period parsed;

  @Override
  protected void before(Settings settings) {
    parsed = period == null ? Period.containing(LocalDate.now()) : Period.parse(period);
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    IngestResult result = IngestJob.validate(spark, settings, parsed);
    PrintWriter out = spec.commandLine().getOut();
    out.print(IngestSummary.table(result));
    out.println();
    out.print(result.report());
    out.println("Nothing was written (validation only).");
    out.flush();
    if (!result.gatePassed()) {
      throw IngestJob.gateError(result);
    }
    return 0;
  }
}
