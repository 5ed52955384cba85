package org.ostshare.jobs.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.error.Errors;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.publish.AgreementCatalog;
import org.ostshare.jobs.publish.Disclosures;
import org.ostshare.jobs.publish.PublishJob;
import org.ostshare.jobs.publish.PurgeJob;
import org.ostshare.jobs.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The commands of partner publishing: publish, explain, validate, disclosures, purge. */
public final class PublishCommands {
  private PublishCommands() {}

  static LocalDate date(String text, String option) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw Errors.settings(
          option + " '" + text + "' is not a date.",
          "Dates are written YYYY-MM-DD.",
          "e.g. " + option + " 2025-09-30");
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description =
          "Deliver a period to every partner with an agreement: published Delta tables, delivery"
              + " folders (CSV, HTML report cards, manifest), record of disclosures.")
  public static final class Publish extends SparkCommand {
    @Option(names = "--period", required = true, description = "Reporting period, e.g. 2025-Q3.")
    String period;

    @Option(
        names = "--as-of",
        description =
            "Date approvals, consents and opt-outs are judged on. Default: the period's last day.")
    String asOf;

    @Override
    protected int run(SparkSession spark, Settings settings) {
      PublishJob.Result r =
          PublishJob.run(
              spark, settings, Period.parse(period), date(asOf, "--as-of"), System.getenv());
      System.out.printf("Published %s (as of %s)%n", r.period(), r.asOf());
      System.out.print(partners(r));
      System.out.println("Run report: " + r.report());
      return 0;
    }
  }

  /** One line per partner: agreement, basis, students delivered, and where or why not. */
  static String partners(PublishJob.Result r) {
    StringBuilder b = new StringBuilder();
    for (PublishJob.PartnerResult p : r.partners()) {
      b.append(
          String.format(
              "  %-10s %-22s %-16s %,7d students  %s%n",
              p.partner(),
              p.agreement(),
              p.basis(),
              p.delivered(),
              p.withheldBecause() == null
                  ? "-> " + p.delivery()
                  : "NOTHING: " + p.withheldBecause()));
    }
    return b.toString();
  }

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description =
          "What a partner would receive for a period (counts by reason, fields). Writes nothing.")
  public static final class Explain extends SparkCommand {
    @Option(names = "--partner", required = true, description = "Partner id, e.g. P001.")
    String partner;

    @Option(names = "--period", required = true, description = "Reporting period, e.g. 2025-Q3.")
    String period;

    @Option(names = "--as-of", description = "Default: the period's last day.")
    String asOf;

    @Override
    protected int run(SparkSession spark, Settings settings) {
      PublishJob.PartnerResult r =
          PublishJob.explain(
              spark,
              settings,
              partner,
              Period.parse(period),
              date(asOf, "--as-of"),
              System.getenv());
      System.out.print(PublishJob.explainText(r));
      return 0;
    }
  }

  @Command(
      name = "disclosures",
      mixinStandardHelpOptions = true,
      description = "Every party that received one student's records (34 CFR 99.32).")
  public static final class ListDisclosures extends SparkCommand {
    @Option(names = "--student", required = true, description = "District student id.")
    String student;

    @Override
    protected int run(SparkSession spark, Settings settings) {
      List<Disclosures.Entry> entries = Disclosures.forStudent(spark, settings, student);
      if (entries.isEmpty()) {
        System.out.println("No disclosures recorded for student " + student + ".");
        return 0;
      }
      System.out.println("Disclosures of student " + student + ":");
      for (Disclosures.Entry e : entries) {
        System.out.printf(
            "  %s  %-8s %s v%d (%s)  period %s  fields: %s%n",
            e.disclosedAt(),
            e.partner(),
            e.agreement(),
            e.version(),
            e.basis(),
            e.period(),
            String.join(", ", e.fields()));
      }
      return 0;
    }
  }

  @Command(
      name = "purge",
      mixinStandardHelpOptions = true,
      description =
          "Delete for real every delivery past its destroy-by date (Delta delete + vacuum, folder"
              + " removed) and write destruction certificates.")
  public static final class Purge extends SparkCommand {
    @Option(
        names = "--as-of",
        description = "Deliveries with destroy-by before this date go. Default: today.")
    String asOf;

    @Override
    protected int run(SparkSession spark, Settings settings) {
      PurgeJob.Result r = PurgeJob.run(spark, settings, date(asOf, "--as-of"));
      System.out.printf(
          "Purge as of %s: %d deliveries destroyed%n", r.asOf(), r.destroyed().size());
      for (PurgeJob.Destroyed d : r.destroyed()) {
        System.out.printf(
            "  %-8s %s %s (destroy by %s): %d tables, certificate %s%n",
            d.partner(),
            d.period(),
            d.agreement(),
            d.destroyBy(),
            d.tables().size(),
            d.certificate());
      }
      return 0;
    }
  }

  /**
   * Binds every agreement without Spark. The partner registry is given by --partners (the ids of
   * the partners domain) since no data is read; publish binds against the registry table itself.
   */
  @Command(
      name = "validate-agreements",
      mixinStandardHelpOptions = true,
      description = "Bind every agreement to the shared schema and the secrets; read no data.")
  public static final class Validate implements java.util.concurrent.Callable<Integer> {
    @Mixin SettingsOptions settingsOptions;

    @Option(
        names = "--partners",
        split = ",",
        required = true,
        description = "Ids of the partner registry, e.g. P001,P002.")
    Set<String> partners;

    @Override
    public Integer call() {
      Settings settings = settingsOptions.load();
      List<Agreement> all = AgreementCatalog.load(settings, partners, System.getenv());
      for (Agreement a : all) {
        System.out.printf(
            "  ok  %-20s %-8s %-16s %s%n", a.label(), a.partner(), a.basis().key(), a.source());
      }
      System.out.println(all.size() + " agreements valid.");
      return 0;
    }
  }
}
