package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.ColumnSpec;
import org.ostshare.common.schema.Domain;

/**
 * Keeps docs/data-contract.md true to the code: its column tables are generated from {@link
 * Domain}, {@link Reason} and the quarantine and ingest_runs schemas, between {@code <!-- BEGIN
 * GENERATED: name -->} and {@code <!-- END GENERATED: name -->} markers. The test fails when a
 * block differs; run it with {@code -Dostshare.updateDocs=true} to rewrite the blocks.
 */
class DataContractDocTest {
  private static final Path DOC = Path.of("..", "docs", "data-contract.md");
  private static final Pattern BLOCK =
      Pattern.compile(
          "<!-- BEGIN GENERATED: ([a-z_]+) -->\\n(.*?)<!-- END GENERATED: \\1 -->", Pattern.DOTALL);

  static final Map<String, String> QUARANTINE_MEANING =
      Map.of(
          "run_id", "The ingestion run that quarantined the row (see ingest_runs).",
          "domain", "The input domain (table name), e.g. students.",
          "source_file",
              "The file the line came from (a Hadoop path, e.g. file:/... or s3a://...).",
          "line", "The original line as read, decoded; undecodable bytes show as U+FFFD.",
          "reason_codes", "Every reason that applies (codes below), in checking order.",
          "reasons", "One message per code, naming the column and value.",
          "ingested_at", "When the run started (UTC).",
          "period", "The period the run loaded (YYYY-Qn); the table is partitioned by it.");

  static final Map<String, String> RUNS_MEANING =
      Map.ofEntries(
          Map.entry("run_id", "The run."),
          Map.entry("period", "The period loaded."),
          Map.entry("domain", "The input domain."),
          Map.entry("started_at", "When the run started (UTC)."),
          Map.entry("files", "Number of input files read."),
          Map.entry("read", "Data lines read (header and blank lines excluded)."),
          Map.entry("accepted", "Rows written to the conformed table (when committed)."),
          Map.entry(
              "quarantined", "Rows written to the quarantine. read = accepted + quarantined."),
          Map.entry("header_lines", "Header lines dropped (one per file)."),
          Map.entry("blank_lines", "Blank lines dropped."),
          Map.entry("quarantined_share", "quarantined / read (0 when nothing was read)."),
          Map.entry("top_reason", "The most frequent reason code, if any."),
          Map.entry("gate_passed", "Whether this domain was within ingest.max-quarantine-share."),
          Map.entry(
              "committed", "Whether the run replaced the conformed tables (all domains passed)."));

  @Test
  void docMatchesTheSchema() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Map<String, String> expected = blocks();
    Matcher m = BLOCK.matcher(doc);
    StringBuilder updated = new StringBuilder();
    List<String> found = new ArrayList<>();
    Map<String, String> actual = new LinkedHashMap<>();
    while (m.find()) {
      String name = m.group(1);
      found.add(name);
      actual.put(name, m.group(2));
      String body = expected.getOrDefault(name, m.group(2));
      m.appendReplacement(
          updated,
          Matcher.quoteReplacement(
              "<!-- BEGIN GENERATED: "
                  + name
                  + " -->\n"
                  + body
                  + "<!-- END GENERATED: "
                  + name
                  + " -->"));
    }
    m.appendTail(updated);
    if (Boolean.getBoolean("ostshare.updateDocs")) {
      Files.writeString(DOC, updated.toString(), StandardCharsets.UTF_8);
      return;
    }
    assertThat(found)
        .as("generated blocks in " + DOC)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat(actual.get(e.getKey()))
          .as("block %s of %s (rerun with -Dostshare.updateDocs=true)", e.getKey(), DOC)
          .isEqualTo(e.getValue());
    }
  }

  static Map<String, String> blocks() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Domain d : Domain.values()) {
      out.put(d.table(), domain(d));
    }
    out.put("reasons", reasons());
    out.put(
        "quarantine",
        schema(IngestJob.QUARANTINE_SCHEMA.add("period", "string", false), QUARANTINE_MEANING));
    out.put("ingest_runs", schema(IngestJob.RUNS_SCHEMA, RUNS_MEANING));
    return out;
  }

  static String domain(Domain d) {
    StringBuilder b = new StringBuilder();
    b.append(d.description()).append("\n\n");
    b.append("- Input: `")
        .append(d.table())
        .append("/*.csv` (setting `ostshare.ingest.sources.")
        .append(d.table())
        .append("`)\n");
    b.append("- Conformed table: `conformed/")
        .append(d.table())
        .append("`, partitioned by `period`\n");
    b.append("- Key: ")
        .append(String.join(", ", d.key().stream().map(k -> "`" + k + "`").toList()))
        .append("\n");
    if (!d.references().isEmpty()) {
      b.append("- References: ")
          .append(
              String.join(
                  ", ",
                  d.references().stream()
                      .map(r -> "`" + r.column() + "` → " + r.targetDomain().table())
                      .toList()))
          .append("\n");
    }
    if (!d.orders().isEmpty()) {
      b.append("- Orders: ")
          .append(
              String.join(
                  ", ",
                  d.orders().stream()
                      .map(o -> "`" + o.earlier() + "` ≤ `" + o.later() + "` (" + o.what() + ")")
                      .toList()))
          .append("\n");
    }
    if (d.isRoster()) {
      b.append(
          "- Roster: a row needs `student_id`, or all of `first_name`, `last_name`,"
              + " `birth_date` (else MISSING_IDENTITY)\n");
    }
    b.append("\n| # | column | type | required | allowed values | meaning | Ed-Fi |\n");
    b.append("|---:|---|---|---|---|---|---|\n");
    int i = 1;
    for (ColumnSpec c : d.columns()) {
      b.append("| ")
          .append(i++)
          .append(" | `")
          .append(c.name())
          .append("` | ")
          .append(c.type().name())
          .append(" | ")
          .append(c.required() ? "yes" : "no")
          .append(" | ")
          .append(allowed(c))
          .append(" | ")
          .append(c.description())
          .append(" | ")
          .append(c.edfi().isEmpty() ? "" : "`" + c.edfi() + "`")
          .append(" |\n");
    }
    b.append("| | `period` | STRING | (conformed only) | | Period the row was loaded for. | |\n");
    return b.toString();
  }

  private static String allowed(ColumnSpec c) {
    switch (c.type()) {
      case CODE:
        return String.join(", ", c.codeSet().codes());
      case DATE:
        return "a date in a configured format, years 1900-2100";
      case BOOLEAN:
        return "a configured true or false value";
      case INTEGER:
      case DECIMAL:
        if (c.min() == null && c.max() == null) {
          return "";
        }
        return bound(c.min()) + " to " + bound(c.max());
      default:
        return "";
    }
  }

  private static String bound(Double d) {
    return d == null ? "any" : d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
  }

  static String reasons() {
    StringBuilder b = new StringBuilder("| code | meaning |\n|---|---|\n");
    for (Reason r : Reason.values()) {
      b.append("| `").append(r.name()).append("` | ").append(r.meaning()).append(" |\n");
    }
    return b.toString();
  }

  static String schema(StructType schema, Map<String, String> meaning) {
    StringBuilder b = new StringBuilder("| column | type | meaning |\n|---|---|---|\n");
    for (StructField f : schema.fields()) {
      b.append("| `")
          .append(f.name())
          .append("` | ")
          .append(f.dataType().simpleString())
          .append(" | ")
          .append(meaning.getOrDefault(f.name(), ""))
          .append(" |\n");
    }
    return b.toString();
  }
}
