package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
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

  /** The rule ingest used before: the pattern, then the cast. */
  private static final Function<Column, Column> REPLACED =
      v -> when(v.rlike(PATTERN), v.try_cast(DataTypes.DoubleType));

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
    RuleComparison.assertReadsAsListed(CASES, Validation::decimalNumber);
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
    int accepted = 0;
    for (Row r :
        RuleComparison.assertReadsAsReplaced(values, Validation::decimalNumber, REPLACED)) {
      accepted += r.isNullAt(1) ? 0 : 1;
    }
    assertThat(accepted).as("values read").isGreaterThan(60);
  }
}
