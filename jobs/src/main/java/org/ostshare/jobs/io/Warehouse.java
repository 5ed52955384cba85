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

  /**
   * One partner's published table of a shared domain (or {@code report_card}), partitioned by
   * period. One table per partner and domain: each holds exactly the columns the partner's
   * agreement lists, so no table carries a column a partner may not receive.
   */
  public String published(String partner, String table) {
    return path("published/partners/" + safe(partner) + "/" + table);
  }

  /** Folder holding all of one partner's published tables. */
  public String publishedPartner(String partner) {
    return path("published/partners/" + safe(partner));
  }

  /** Append-only record of disclosures (34 CFR 99.32): one row per student and delivery. */
  public String disclosures() {
    return path("published/disclosures");
  }

  /** Register of deliveries: partner, period, agreement, destroy-by date, status. */
  public String deliveries() {
    return path("published/deliveries");
  }

  /** Roster rows that matched no student or several, per partner and period (district only). */
  public String matchReport() {
    return path("published/match_report");
  }

  /** Root of the per-partner delivery folders for people. */
  public String deliveryRoot(String configured) {
    return Settings.resolve(root, configured);
  }

  /** Destruction certificates written by purge. */
  public String destructionCertificates() {
    return path("reports/destruction");
  }

  /** Run reports of publish. */
  public String publishReports() {
    return path("reports/publish");
  }

  /** A partner id as a path segment: letters, digits, '-' and '_' only. */
  public static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9_-]", "_");
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
