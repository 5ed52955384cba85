package org.ostshare.jobs.publish;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.ostshare.common.publish.Reason;
import org.ostshare.common.time.Period;

/** The publish run report, in Markdown: per partner what it received or why it received nothing. */
final class RunReport {
  private RunReport() {}

  static String markdown(Period period, LocalDate asOf, List<PublishJob.PartnerResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("# Publish ").append(period).append(" (as of ").append(asOf).append(")\n\n");
    b.append("| partner | agreement | basis | students | outcome |\n|---|---|---|---|---|\n");
    for (PublishJob.PartnerResult r : results) {
      b.append("| ")
          .append(r.partner())
          .append(" | ")
          .append(r.agreement())
          .append(" | ")
          .append(r.basis())
          .append(" | ")
          .append(r.delivered())
          .append(" | ")
          .append(
              r.withheldBecause() == null
                  ? "delivered, destroy by " + r.destroyBy()
                  : "nothing: " + r.withheldBecause())
          .append(" |\n");
    }
    for (PublishJob.PartnerResult r : results) {
      b.append("\n## ").append(r.partner()).append("\n\n");
      b.append(explain(r));
    }
    return b.toString();
  }

  /** Counts by reason and the fields: the text of {@code ostshare explain}. */
  static String explain(PublishJob.PartnerResult r) {
    StringBuilder b = new StringBuilder();
    b.append("Agreement ").append(r.agreement()).append(", basis ").append(r.basis()).append("\n");
    if (r.withheldBecause() != null) {
      b.append("Receives nothing: ").append(r.withheldBecause()).append("\n");
    }
    b.append("\nStudents on the partner's rosters, by reason:\n");
    for (Map.Entry<Reason, Long> e : r.reasons().entrySet()) {
      b.append(String.format("  %-30s %8d%n", e.getKey().name(), e.getValue()));
    }
    b.append(
        String.format(
            "  %-30s %8d  (roster rows matching no student or several; never published)%n",
            "UNMATCHED_OR_AMBIGUOUS_ROWS", r.unmatchedRosterRows()));
    b.append("\nFields released (everything else is withheld):\n");
    for (Map.Entry<String, List<String>> e : r.fields().entrySet()) {
      b.append("  ")
          .append(e.getKey())
          .append(": ")
          .append(String.join(", ", e.getValue()))
          .append("\n");
    }
    if (!r.rows().isEmpty()) {
      b.append("\nRows delivered:\n");
      r.rows().forEach((k, v) -> b.append(String.format("  %-30s %8d%n", k, v)));
    }
    return b.toString();
  }
}
