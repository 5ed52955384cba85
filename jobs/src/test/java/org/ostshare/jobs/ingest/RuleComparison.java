package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.ostshare.common.test.TestSpark;

/**
 * What the rule tests compare a reading rule with: the rule it replaced, or Spark's pattern parser,
 * on the same values, and the characters they sweep through the values.
 */
final class RuleComparison {
  private RuleComparison() {}

  /**
   * Every character below U+0100 and a few beyond: other digits (Arabic-Indic, full-width), spaces,
   * a zero-width space, a line separator and the byte-order mark.
   */
  static List<String> sweptCharacters() {
    List<Integer> codePoints = new ArrayList<>();
    for (int c = 0; c < 0x100; c++) {
      codePoints.add(c);
    }
    codePoints.addAll(
        List.of(0x0660, 0x0661, 0x2007, 0x200B, 0x2028, 0x3000, 0xFEFF, 0xFF10, 0xFF19));
    return codePoints.stream().map(Character::toString).toList();
  }

  /** Each case is a value and what the rule must read it as (null: refused). */
  static void assertReadsAsListed(Object[][] cases, Function<Column, Column> rule) {
    Map<String, Object> expected = new HashMap<>();
    for (Object[] c : cases) {
      expected.put((String) c[0], c[1]);
    }
    Map<String, Object> read = new HashMap<>();
    for (Row r : read(List.copyOf(expected.keySet()), List.of(rule))) {
      read.put(r.getString(0), r.get(1));
    }
    assertThat(read).containsExactlyInAnyOrderEntriesOf(expected);
  }

  /**
   * Asserts that the rule reads each value as the rule it replaced does, except a value ending in a
   * line break, which the rule refuses and the replaced pattern's {@code $} matched: values reach
   * the rule stripped of white space (the parser trims fields), so that difference never shows in
   * ingest. Returns the rows of {@link #readBothWays}, for further checks.
   */
  static List<Row> assertReadsAsReplaced(
      Collection<String> values, Function<Column, Column> rule, Function<Column, Column> replaced) {
    List<Row> rows = readBothWays(List.copyOf(values), rule, replaced);
    assertThat(rows).hasSize(values.size());
    for (Row r : rows) {
      String v = r.getString(0);
      boolean lineBreakAtEnd = v.endsWith("\n") || v.endsWith("\r");
      assertThat(r.get(1)).as("'%s'", v).isEqualTo(lineBreakAtEnd ? null : r.get(2));
    }
    return rows;
  }

  /** Per value, in order: the value, the rule's reading ("fast") and the reference's. */
  static List<Row> readBothWays(
      List<String> values, Function<Column, Column> rule, Function<Column, Column> reference) {
    return read(values, List.of(rule, reference));
  }

  /** Per value: the value, then each rule's reading of it. */
  private static List<Row> read(List<String> values, List<Function<Column, Column>> rules) {
    List<Column> columns = new ArrayList<>(List.of(col("v")));
    rules.forEach(rule -> columns.add(rule.apply(col("v"))));
    return TestSpark.get()
        .createDataset(values, Encoders.STRING())
        .toDF("v")
        .select(columns.toArray(Column[]::new))
        .collectAsList();
  }
}
