package org.ostshare.jobs.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.time.Period;

/**
 * What one ingestion (or validation) did: per domain, lines read, accepted and quarantined with
 * their reasons; the warnings; where things were written; how long it took. Immutable.
 *
 * @param runId identifies the run in the quarantine and ingest_runs tables
 * @param written whether anything was written (false for {@code ostshare validate})
 * @param committed whether the conformed tables were replaced (false when the gate failed)
 * @param gateFailures one line per domain over the quarantine threshold; empty when the gate passed
 * @param partners the ids of the accepted partner rows (the registry agreements are bound to)
 * @param reportPath the data-quality report, or null when nothing was written
 * @param report the report's text (Markdown)
 */
public record IngestResult(
    String runId,
    Period period,
    boolean written,
    boolean committed,
    List<DomainResult> domains,
    List<String> warnings,
    List<String> gateFailures,
    double maxQuarantineShare,
    Set<String> partners,
    String reportPath,
    String report,
    Duration elapsed) {

  public IngestResult {
    domains = List.copyOf(domains);
    warnings = List.copyOf(warnings);
    gateFailures = List.copyOf(gateFailures);
    partners = Set.copyOf(partners);
  }

  public DomainResult domain(Domain domain) {
    return domains.stream().filter(d -> d.domain() == domain).findFirst().orElseThrow();
  }

  public boolean gatePassed() {
    return gateFailures.isEmpty();
  }

  public long read() {
    return domains.stream().mapToLong(DomainResult::read).sum();
  }

  public long accepted() {
    return domains.stream().mapToLong(DomainResult::accepted).sum();
  }

  public long quarantined() {
    return domains.stream().mapToLong(DomainResult::quarantined).sum();
  }

  /**
   * One domain's counts. {@code read} counts data lines: header lines (one per file) and blank
   * lines are not data and are counted apart. Always {@code read == accepted + quarantined}.
   *
   * @param reasons quarantined rows per reason (a row with two reasons counts under both), most
   *     frequent first
   * @param examples a few quarantined lines per reason, for the report
   */
  public record DomainResult(
      Domain domain,
      String location,
      List<String> files,
      long read,
      long accepted,
      long quarantined,
      long headerLines,
      long blankLines,
      Map<Reason, Long> reasons,
      List<Example> examples,
      String conformedPath) {

    public DomainResult {
      files = List.copyOf(files);
      reasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reasons));
      examples = List.copyOf(examples);
    }

    /** Share of data lines quarantined (0 when nothing was read). */
    public double quarantinedShare() {
      return read == 0 ? 0 : (double) quarantined / read;
    }

    /** The most frequent reason (ties: the first in {@link Reason} order), if any. */
    public Optional<Reason> topReason() {
      return reasons.keySet().stream().findFirst();
    }

    public long count(Reason reason) {
      return reasons.getOrDefault(reason, 0L);
    }
  }

  /** A quarantined line shown in the report as an example of a reason. */
  public record Example(Reason reason, String file, String line, String message) {}
}
