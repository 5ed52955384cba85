package org.ostshare.jobs.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.generate.GenerateJob;
import org.ostshare.jobs.generate.GenerateResult;
import org.ostshare.jobs.settings.GenerateSettings;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ostshare generate}: writes a synthetic district in the input layout, and its truth. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a synthetic district: input files for every domain, with planted defects and a"
          + " planted summer-programme effect; the truth goes to <output>/../truth."
    })
public final class GenerateCommand extends SparkCommand {
  @Option(names = "--students", paramLabel = "N", description = "Number of students.")
  Integer students;

  @Option(names = "--seed", paramLabel = "S", description = "Seed: same seed, same files.")
  Long seed;

  @Option(names = "--output", paramLabel = "DIR", description = "Input folder to write.")
  String output;

  @Option(
      names = "--defect-rate",
      paramLabel = "R",
      description = "Share of rows per domain added as defects (0 to 0.5).")
  Double defectRate;

  @Spec CommandSpec spec;

  @Override
  protected Settings adjust(Settings settings) {
    GenerateSettings g = settings.generate();
    GenerateSettings adjusted =
        new GenerateSettings(
            output != null ? output : g.output(),
            students != null ? students : g.students(),
            seed != null ? seed : g.seed(),
            g.firstSchoolYear(),
            g.asOf(),
            defectRate != null ? defectRate : g.defectRate(),
            g.effectHigh(),
            g.effectLow(),
            g.effectNoShow(),
            g.filesPerDomain());
    check(adjusted);
    return settings.withGenerate(adjusted);
  }

  private static void check(GenerateSettings g) {
    if (g.students() < 10 || g.students() > 50_000_000) {
      throw Errors.settings(
          "--students " + g.students() + " is out of range.",
          "The generator makes districts of 10 to 50,000,000 students.",
          "Pass a number in that range, e.g. --students 3000.");
    }
    if (!(g.defectRate() >= 0 && g.defectRate() <= 0.5)) {
      throw Errors.settings(
          "--defect-rate " + g.defectRate() + " is out of range.",
          "It is the share of rows per domain added as defects.",
          "Pass a number from 0 to 0.5, e.g. --defect-rate 0.01.");
    }
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    GenerateResult result = GenerateJob.run(spark, settings.generate());
    PrintWriter out = spec.commandLine().getOut();
    out.println(table(result));
    out.flush();
    return 0;
  }

  /** The per-domain table of rows and defects written. */
  public static String table(GenerateResult result) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-20s %12s %9s  %s%n", "domain", "rows", "defects", "defects by kind"));
    long rows = 0;
    long defects = 0;
    for (Domain d : Domain.values()) {
      long r = result.rows().getOrDefault(d, 0L);
      long x = result.defects(d);
      rows += r;
      defects += x;
      StringBuilder kinds = new StringBuilder();
      for (Map.Entry<Reason, Long> e : result.defects().getOrDefault(d, Map.of()).entrySet()) {
        kinds
            .append(kinds.isEmpty() ? "" : ", ")
            .append(e.getKey())
            .append('=')
            .append(e.getValue());
      }
      b.append(String.format("%-20s %,12d %,9d  %s%n", d.table(), r, x, kinds));
    }
    b.append(String.format("%-20s %,12d %,9d%n", "total", rows, defects));
    b.append("input: ").append(result.output()).append('\n');
    b.append("truth: ").append(result.truth()).append('\n');
    b.append("elapsed: ").append(Stage.format(result.elapsed()));
    return b.toString();
  }
}
