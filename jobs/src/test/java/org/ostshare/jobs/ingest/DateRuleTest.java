package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.try_to_date;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.test.TestSpark;

/**
 * How a date value is read in a configured format: ISO dates through the date cast, checked against
 * the value, must accept and refuse exactly what the strict pattern parser does.
 */
class DateRuleTest {
  static final SparkSession SPARK = TestSpark.get();

  /** Value, then the date it must read as in yyyy-MM-dd (null: refused). */
  static final Object[][] ISO_CASES = {
    {"2025-01-05", "2025-01-05"},
    {"2024-02-29", "2024-02-29"},
    {"1890-07-04", "1890-07-04"},
    {"0999-12-31", "0999-12-31"},
    {"2025-02-30", null},
    {"2023-02-29", null},
    {"2025-13-01", null},
    {"2025-00-10", null},
    {"2025-1-5", null},
    {"2025-01-5", null},
    {"2025-01-05T08", null},
    {"2025-01-05 08:00", null},
    {"2025-01", null},
    {"2025", null},
    {"20250105", null},
    {"2025/01/05", null},
    {"1/5/2025", null},
    {"+2025-01-05", null},
    {"12025-01-05", null},
    {"20245-1-05", null},
    {"--2024-02-2", null},
    {"2025-01-0x", null},
    {"", null},
  };

  @Test
  void isoDatesAreReadExactlyAsThePatternParserReadsThem() {
    List<String> values = new ArrayList<>();
    Map<String, String> expected = new HashMap<>();
    for (Object[] c : ISO_CASES) {
      values.add((String) c[0]);
      expected.put((String) c[0], (String) c[1]);
    }
    List<Row> rows = readBothWays(values);
    assertThat(rows).hasSize(ISO_CASES.length);
    for (Row r : rows) {
      String v = r.getString(0);
      Date fast = r.getDate(1);
      assertThat(fast == null ? null : fast.toString()).as(v).isEqualTo(expected.get(v));
      assertThat(fast).as(v + " against the pattern parser").isEqualTo(r.getDate(2));
    }
  }

  /**
   * Every character below U+0100 and a few beyond, in place of each character of a date, inserted
   * before it, and added at the end: the cast, checked against the value, must read exactly what
   * the pattern parser reads.
   */
  @Test
  void everyCharacterInADateIsReadAsThePatternParserReadsIt() {
    String date = "2024-02-29";
    Set<String> values = new LinkedHashSet<>();
    for (String ch : RuleComparison.sweptCharacters()) {
      for (int i = 0; i < date.length(); i++) {
        values.add(date.substring(0, i) + ch + date.substring(i + 1));
        values.add(date.substring(0, i) + ch + date.substring(i));
      }
      values.add(date + ch);
    }
    List<Row> rows = readBothWays(List.copyOf(values));
    assertThat(rows).hasSize(values.size());
    int read = 0;
    for (Row r : rows) {
      assertThat(r.getDate(1)).as("'%s'", r.getString(0)).isEqualTo(r.getDate(2));
      read += r.isNullAt(1) ? 0 : 1;
    }
    // the date itself, each of its digits replaced by another that still makes a date, and the
    // leap day's year as 0-9 in each place
    assertThat(read).as("values read").isGreaterThan(30);
  }

  @Test
  void otherFormatsUseThePatternParser() {
    Map<String, String> read = new HashMap<>();
    SPARK
        .createDataset(
            Arrays.asList("1/5/2025", "12/31/2024", "2025-01-05", "13/1/2025"), Encoders.STRING())
        .toDF("v")
        .select(col("v"), Validation.date(col("v"), "M/d/yyyy").cast("string"))
        .collectAsList()
        .forEach(r -> read.put(r.getString(0), r.getString(1)));
    Map<String, String> expected = new HashMap<>();
    expected.put("1/5/2025", "2025-01-05");
    expected.put("12/31/2024", "2024-12-31");
    expected.put("2025-01-05", null);
    expected.put("13/1/2025", null);
    assertThat(read).containsExactlyInAnyOrderEntriesOf(expected);
  }

  /** The value, the rule's date and the pattern parser's. */
  private static List<Row> readBothWays(List<String> values) {
    return RuleComparison.readBothWays(
        values,
        v -> Validation.date(v, Validation.ISO_DATE),
        v -> try_to_date(v, Validation.ISO_DATE));
  }
}
