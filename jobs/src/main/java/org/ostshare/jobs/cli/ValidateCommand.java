package org.ostshare.jobs.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.ingest.IngestJob;
import org.ostshare.jobs.ingest.IngestResult;
import org.ostshare.jobs.ingest.IngestSummary;
import org.ostshare.jobs.publish.AgreementCatalog;
import org.ostshare.jobs.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ostshare validate}: checks the settings and every source (files, headers, encodings) and
 * validates every row exactly as ingestion would, printing the data-quality report, then binds the
 * agreements to the export's partners and the secrets as publish would; writes nothing.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the settings and the district's export without writing anything: files exist,"
          + " headers map, every row is validated as `ostshare ingest` would, the"
          + " data-quality report is printed, and every agreement is bound to the export's"
          + " partners and the secrets as `ostshare publish` would.",
      "Exit 6 when ingestion would stop at the quality gate; an agreement refused exits as"
          + " publish would."
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
    // agreements name partners of this export's registry; a refusal here would stop publish
    List<Agreement> agreements =
        AgreementCatalog.load(settings, result.partners(), System.getenv());
    out.printf(
        "Agreements: %d bound to the export's %d partners and the secrets.%n",
        agreements.size(), result.partners().size());
    out.println("Nothing was written (validation only).");
    out.flush();
    if (!result.gatePassed()) {
      throw IngestJob.gateError(result);
    }
    return 0;
  }
}
