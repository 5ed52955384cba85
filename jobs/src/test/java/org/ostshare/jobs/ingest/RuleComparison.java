package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
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

  /** Per value, in order: the value, the rule's reading ("fast") and the reference's. */
  static List<Row> readBothWays(
      List<String> values, Function<Column, Column> rule, Function<Column, Column> reference) {
    return TestSpark.get()
        .createDataset(values, Encoders.STRING())
        .toDF("v")
        .select(col("v"), rule.apply(col("v")).as("fast"), reference.apply(col("v")).as("other"))
        .collectAsList();
  }
}
