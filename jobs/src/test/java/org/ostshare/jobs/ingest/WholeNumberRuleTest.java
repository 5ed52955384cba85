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
 * How a whole-number value is read: Spark's integer cast behind a check of the first and last
 * character must accept and refuse exactly what the pattern {@code [+-]?[0-9]+} followed by the
 * cast did, and read the same number; except a line break at the end, which the pattern let
 * through.
 */
class WholeNumberRuleTest {
  /** The pattern ingest matched whole numbers with before the rule, then cast them. */
  private static final String PATTERN = "^[+-]?[0-9]+$";

  /** The rule ingest used before: the pattern, then the cast. */
  private static final Function<Column, Column> REPLACED =
      v -> when(v.rlike(PATTERN), v.try_cast(DataTypes.IntegerType));

  /** Value, then the number it must read as (null: refused). */
  static final Object[][] CASES = {
    {"12", 12},
    {"+12", 12},
    {"-12", -12},
    {"0007", 7},
    {"-0", 0},
    {"2147483647", Integer.MAX_VALUE},
    {"-2147483648", Integer.MIN_VALUE},
    {"2147483648", null},
    {"-2147483649", null},
    {"99999999999999999999", null},
    {"", null},
    {"+", null},
    {"-", null},
    {"+-1", null},
    {"--1", null},
    {"1.0", null},
    {"1.", null},
    {".1", null},
    {"1e3", null},
    {"0x1F", null},
    {"1 2", null},
    {"1_000", null},
    {"1,000", null},
    {" 12", null},
    {"12 ", null},
    {"\t12", null},
    {"12\u0001", null},
    {"\u000012", null},
    {"\uff11\uff12", null},
    {"\u0661\u0662", null},
    {"12L", null},
    // the pattern's $ also matched before a final line break, which the cast then trimmed: 12
    {"12\n", null},
    {"12\r", null},
    {"NaN", null},
  };

  @Test
  void casesReadAsListed() {
    RuleComparison.assertReadsAsListed(CASES, Validation::wholeNumber);
  }

  /**
   * Every character below U+0100 and a few beyond (other digits, spaces, marks), before, after and
   * inside a number: the cast's trimming must never let one through that the pattern refused.
   */
  @Test
  void everyCharacterAroundANumberIsReadAsThePatternReadsIt() {
    Set<String> values = new LinkedHashSet<>();
    for (String ch : RuleComparison.sweptCharacters()) {
      values.addAll(List.of(ch, ch + "12", "12" + ch, "1" + ch + "2", ch + "-1", "-" + ch + "1"));
    }
    int accepted = 0;
    for (Row r : RuleComparison.assertReadsAsReplaced(values, Validation::wholeNumber, REPLACED)) {
      String v = r.getString(0);
      // every value here fits an int: read exactly when it is a sign and digits, nothing else
      assertThat(r.isNullAt(1)).as("'%s' refused", v).isEqualTo(!v.matches("[+-]?[0-9]+"));
      accepted += r.isNullAt(1) ? 0 : 1;
    }
    assertThat(accepted).as("values read").isGreaterThan(40);
  }
}
