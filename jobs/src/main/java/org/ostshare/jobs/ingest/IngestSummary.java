package org.ostshare.jobs.ingest;

import org.ostshare.jobs.ingest.IngestResult.DomainResult;
import org.ostshare.jobs.spark.Stage;

/** The per-domain table the commands print: read, accepted, quarantined, top reason. */
public final class IngestSummary {
  private IngestSummary() {}

  public static String table(IngestResult result) {
    StringBuilder b = new StringBuilder();
    String row = "%-20s %12s %12s %12s %7s  %s%n";
    b.append(
        String.format(row, "domain", "read", "accepted", "quarantined", "share", "top reason"));
    for (DomainResult d : result.domains()) {
      b.append(
          String.format(
              row,
              d.domain().table(),
              String.format("%,d", d.read()),
              String.format("%,d", d.accepted()),
              String.format("%,d", d.quarantined()),
              IngestJob.percent(d.quarantinedShare()),
              d.topReason().map(r -> r.name() + " (" + d.count(r) + ")").orElse("")));
    }
    b.append(
        String.format(
            row,
            "total",
            String.format("%,d", result.read()),
            String.format("%,d", result.accepted()),
            String.format("%,d", result.quarantined()),
            "",
            ""));
    for (String w : result.warnings()) {
      b.append("warning: ").append(w).append('\n');
    }
    b.append(
        String.format(
            "%s %s in %s (run %s)%n",
            result.written() ? "Ingested" : "Validated",
            result.period(),
            Stage.format(result.elapsed()),
            result.runId()));
    return b.toString();
  }
}
