package org.ostshare.jobs.cli;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.ostshare.jobs.demo.DemoJob;
import org.ostshare.jobs.demo.DemoJob.DemoResult;
import org.ostshare.jobs.ingest.IngestSummary;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ostshare demo}: the whole pipeline on a small generated district. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a small district, then run every stage on it (ingest, publish, analyse, aggregate)"
          + " and print what happened and where the tables are."
    })
public final class DemoCommand extends SparkCommand {
  @Option(
      names = "--students",
      paramLabel = "N",
      description = "Students in the demo district (default: ostshare.generate.students).")
  Integer students;

  @Spec CommandSpec spec;

  @Override
  protected Settings adjust(Settings settings) {
    return settings.withGenerate(settings.generate().with(null, students, null, null));
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    DemoResult result = DemoJob.run(spark, settings);
    PrintWriter out = spec.commandLine().getOut();
    Warehouse warehouse = Warehouse.of(settings);
    out.println();
    out.println(
        "== 1. generate: a synthetic district of " + settings.generate().students() + " students");
    out.println(GenerateCommand.table(result.generated()));
    out.println();
    out.println("== 2. ingest " + result.period() + ": validated into conformed Delta tables");
    out.print(IngestSummary.table(result.ingested()));
    out.println("Data-quality report: " + result.ingested().reportPath());
    out.println();
    out.println(
        "== 3. publish " + result.period() + ": one delivery per partner with an agreement");
    out.print(PublishCommands.partners(result.published()));
    out.println("Publish report: " + result.published().report());
    out.println();
    out.println("== 4. analyse the summer after " + result.analysed().schoolYear());
    out.println(AnalyseCommand.headline(result.analysed()));
    out.println();
    out.println("== 5. a second district, analysed alike, and both aggregated as the state would");
    out.println(AggregateCommand.summary(result.aggregated()));
    out.println();
    if (result.throwawayKeys()) {
      out.println(
          "Note: no pseudonym keys were set in the environment, so this demo made random ones for"
              + " this run only; real runs take them from the environment (docs/agreements.md).");
    }
    out.println("Warehouse: " + warehouse.root());
    out.println("Demo finished in " + Stage.format(result.elapsed()) + ".");
    out.flush();
    return 0;
  }
}
