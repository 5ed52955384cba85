package org.ostshare.jobs.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ostshare.common.quality.Reason;
import org.ostshare.jobs.ingest.IngestResult.DomainResult;
import org.ostshare.jobs.ingest.IngestResult.Example;

/**
 * The data-quality report of an ingestion, for a person: counts per domain, the reasons rows were
 * quarantined with a few example lines each (never more than {@code examples-per-reason}), and the
 * warnings. Markdown, written with Hadoop's FileSystem so the warehouse may be on S3.
 */
public final class QualityReport {
  private QualityReport() {}

  public static String markdown(IngestResult result, int examplesPerReason) {
    StringBuilder b = new StringBuilder();
    b.append("# Data quality: ingestion of ").append(result.period()).append("\n\n");
    b.append("- Run: `").append(result.runId()).append("`\n");
    b.append("- Outcome: ")
        .append(
            !result.written()
                ? "validation only, nothing written"
                : result.committed()
                    ? "conformed tables replaced for " + result.period()
                    : "stopped by the quality gate; conformed tables left as they were")
        .append("\n");
    b.append("- Quality gate: a domain fails above ")
        .append(IngestJob.percent(result.maxQuarantineShare()))
        .append(" quarantined")
        .append(result.gatePassed() ? " (passed)" : " (FAILED)")
        .append("\n");
    b.append(
        String.format(
            "- Totals: %,d read, %,d accepted, %,d quarantined%n%n",
            result.read(), result.accepted(), result.quarantined()));
    for (String failure : result.gateFailures()) {
      b.append("> **Gate failed**: ").append(failure).append("\n");
    }
    if (!result.gateFailures().isEmpty()) {
      b.append("\n");
    }

    b.append("## Counts per domain\n\n");
    b.append(
        "Read counts data lines; the header line of each file and blank lines are not data.\n\n");
    b.append("| domain | files | read | accepted | quarantined | share | top reason |\n");
    b.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (DomainResult d : result.domains()) {
      b.append(
          String.format(
              "| %s | %d | %,d | %,d | %,d | %s | %s |%n",
              d.domain().table(),
              d.files().size(),
              d.read(),
              d.accepted(),
              d.quarantined(),
              IngestJob.percent(d.quarantinedShare()),
              d.topReason().map(Enum::name).orElse("")));
    }

    b.append("\n## Quarantine reasons\n\n");
    boolean any = false;
    for (DomainResult d : result.domains()) {
      if (d.reasons().isEmpty()) {
        continue;
      }
      any = true;
      b.append("### ").append(d.domain().table()).append("\n\n");
      b.append("| reason | rows | meaning |\n|---|---:|---|\n");
      for (Map.Entry<Reason, Long> e : d.reasons().entrySet()) {
        b.append(
            String.format(
                "| %s | %,d | %s |%n", e.getKey().name(), e.getValue(), e.getKey().meaning()));
      }
      b.append("\n");
      for (Reason reason : d.reasons().keySet()) {
        List<Example> examples =
            d.examples().stream()
                .filter(x -> x.reason() == reason)
                .limit(examplesPerReason)
                .toList();
        if (examples.isEmpty()) {
          continue;
        }
        b.append("Examples of ").append(reason.name()).append(":\n\n");
        for (Example x : examples) {
          b.append("- `")
              .append(code(x.line()))
              .append("` (")
              .append(fileName(x.file()))
              .append("): ")
              .append(x.message())
              .append("\n");
        }
        b.append("\n");
      }
    }
    if (!any) {
      b.append("No row was quarantined.\n\n");
    }

    b.append("## Warnings\n\n");
    if (result.warnings().isEmpty()) {
      b.append("None.\n");
    } else {
      result.warnings().forEach(w -> b.append("- ").append(w).append("\n"));
    }
    return b.toString();
  }

  /** Writes the report, replacing an earlier one for the same period. */
  public static void write(Configuration hadoop, String path, String text) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoop);
      try (OutputStream out = fs.create(p, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + path, e);
    }
  }

  /**
   * A quarantined line as the report shows it: backquotes, which would end the code span, become
   * quotes, and control characters (a NUL in a binary file read as CSV) become {@code \xNN}, so the
   * report stays text. Tabs, a common delimiter, stay.
   */
  static String code(String line) {
    if (line == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(line.length());
    line.codePoints()
        .forEach(
            c -> {
              if (c == '`') {
                b.append('\'');
              } else if (Character.isISOControl(c) && c != '\t') {
                b.append(String.format("\\x%02X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }

  private static String fileName(String file) {
    int slash = file.lastIndexOf('/');
    return slash >= 0 ? file.substring(slash + 1) : file;
  }
}
