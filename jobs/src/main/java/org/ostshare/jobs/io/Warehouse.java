package org.ostshare.jobs.io;

import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.settings.Settings;

/**
 * Where each table lives under the warehouse root. One class names every location so that a job, a
 * test and the docs agree.
 */
public record Warehouse(String root) {

  public static Warehouse of(Settings settings) {
    return new Warehouse(settings.warehouse());
  }

  /** Conformed (validated) table of a source domain. */
  public String conformed(Domain domain) {
    return path("conformed/" + domain.table());
  }

  /** Rows that failed validation, with their original line and every reason. */
  public String quarantine() {
    return path("quality/quarantine");
  }

  /** One row per run, stage and domain: counts read, accepted, quarantined. */
  public String ingestRuns() {
    return path("quality/ingest_runs");
  }

  /** Folder of human-readable reports (data quality, deliveries, analyses). */
  public String reports() {
    return path("reports");
  }

  /** A summer-learning table of the district (Delta, sliced by analysed school year). */
  public String summer(String table) {
    return path("analysis/summer/" + table);
  }

  /** Files for people from a summer-learning run: CSV, the HTML summary, the state submission. */
  public String summerReports(String schoolYearLabel) {
    return path("reports/summer/" + schoolYearLabel);
  }

  /** A state-level table combining districts' submissions (Delta, sliced by school year). */
  public String state(String table) {
    return path("state/summer/" + table);
  }

  /** Files for people from a state aggregation. */
  public String stateReports(String schoolYearLabel) {
    return path("reports/state/" + schoolYearLabel);
  }

  public String path(String relative) {
    return Settings.resolve(root, relative);
  }
}
