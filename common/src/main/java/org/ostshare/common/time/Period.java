package org.ostshare.common.time;

import java.time.LocalDate;
import java.time.Month;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ostshare.common.error.Errors;

/**
 * A reporting period: a calendar quarter such as {@code 2025-Q3} (1 July to 30 September 2025).
 * Deliveries are quarterly; ingestion loads a district's export for one period.
 */
public record Period(int year, int quarter) implements Comparable<Period> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{4})-Q([1-4])");

  public Period {
    if (quarter < 1 || quarter > 4) {
      throw new IllegalArgumentException("quarter must be 1-4: " + quarter);
    }
  }

  /** Parses {@code YYYY-Qn}; anything else is a settings error that names the value. */
  public static Period parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw Errors.settings(
          "Period '" + text + "' is not a quarter.",
          "Periods are calendar quarters, written YYYY-Qn.",
          "Write it like 2025-Q3 (July to September 2025).");
    }
    return new Period(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The quarter that contains a date. */
  public static Period containing(LocalDate date) {
    return new Period(date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
  }

  public LocalDate start() {
    return LocalDate.of(year, Month.of((quarter - 1) * 3 + 1), 1);
  }

  public LocalDate end() {
    return start().plusMonths(3).minusDays(1);
  }

  /**
   * The school year the period's last day falls in, named by its ending year: school years run 1
   * July to 30 June, so 2025-Q3 belongs to 2026 (2025-26).
   */
  public int schoolYear() {
    return SchoolYear.of(end());
  }

  public Period previous() {
    return quarter == 1 ? new Period(year - 1, 4) : new Period(year, quarter - 1);
  }

  @Override
  public int compareTo(Period o) {
    return year != o.year ? Integer.compare(year, o.year) : Integer.compare(quarter, o.quarter);
  }

  @Override
  public String toString() {
    return year + "-Q" + quarter;
  }
}
