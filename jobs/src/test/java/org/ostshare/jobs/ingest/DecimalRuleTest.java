package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * How a decimal value is read: Spark's cast to double behind a check of the first and last
 * character and of the letters of exponents and hexadecimal must accept and refuse exactly what the
 * pattern followed by the cast did, and read the same number.
 */
class DecimalRuleTest {
  /** The pattern ingest matched decimals with before the rule, then cast them. */
  private static final String PATTERN = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$";

  /** Value, then the number it must read as (null: refused). */
  static final Object[][] CASES = {
    {"12", 12.0},
    {"12.5", 12.5},
    {"+0.25", 0.25},
    {"-3", -3.0},
    {"5.", 5.0},
    {".5", 0.5},
    {"-.5", -0.5},
    {"007.50", 7.5},
    {"1e3", null},
    {"1E3", null},
    {"1.5e-2", null},
    {"0x1p3", null},
    {"0X10", null},
    {"1.5d", null},
    {"2f", null},
    {"Infinity", null},
    {"-Infinity", null},
    {"inf", null},
    {"NaN", null},
    {"", null},
    {".", null},
    {"+", null},
    {"-", null},
    {"+.", null},
    {"+-1", null},
    {"1.2.3", null},
    {"1,5", null},
    {"1 5", null},
    {" 1.5", null},
    {"1.5 ", null},
    {"\t1.5", null},
    {"1.5\u0001", null},
    {"\u0661.\u0662", null},
    {"1\u0661", null},
  };

  @Test
  void casesReadAsListed() {
    Map<String, Double> expected = new HashMap<>();
    List<String> values = new ArrayList<>();
    for (Object[] c : CASES) {
      values.add((String) c[0]);
      expected.put((String) c[0], (Double) c[1]);
    }
    Map<String, Double> read = new HashMap<>();
    for (Row r : readBothWays(values)) {
      read.put(r.getString(0), r.isNullAt(1) ? null : r.getDouble(1));
    }
    assertThat(read).containsExactlyInAnyOrderEntriesOf(expected);
  }

  /**
   * Every character below U+0100 and a few beyond (other digits, spaces, marks), before, after and
   * inside a number, with and without a point: the cast's trimming and its other notations must
   * never let one through that the pattern refused.
   */
  @Test
  void everyCharacterAroundANumberIsReadAsThePatternReadsIt() {
    Set<String> values = new LinkedHashSet<>();
    for (String ch : RuleComparison.sweptCharacters()) {
      values.addAll(
          List.of(
              ch,
              ch + "12",
              "12" + ch,
              "1" + ch + "2",
              ch + "-1",
              "-" + ch + "1",
              "1." + ch,
              ch + ".5",
              "1" + ch + "5.0",
              "1.5" + ch + "1"));
    }
    List<Row> rows = readBothWays(List.copyOf(values));
    assertThat(rows).hasSize(values.size());
    int accepted = 0;
    for (Row r : rows) {
      String v = r.getString(0);
      Object fast = r.get(1);
      // values reach the rule stripped of white space (the parser trims fields), so a line break
      // at the end, which the pattern's $ matched and the cast trimmed, never reaches it
      boolean lineBreakAtEnd = v.endsWith("\n") || v.endsWith("\r");
      assertThat(fast).as("'%s'", v).isEqualTo(lineBreakAtEnd ? null : r.get(2));
      accepted += fast == null ? 0 : 1;
    }
    assertThat(accepted).as("values read").isGreaterThan(60);
  }

  /** The value, the rule's number and the pattern-then-cast number. */
  private static List<Row> readBothWays(List<String> values) {
    return RuleComparison.readBothWays(
        values,
        Validation::decimalNumber,
        v -> when(v.rlike(PATTERN), v.try_cast(DataTypes.DoubleType)));
  }
}
