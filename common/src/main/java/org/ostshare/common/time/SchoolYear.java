package org.ostshare.common.time;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ostshare.common.error.Errors;

/**
 * School years run 1 July to 30 June and are named, as in Ed-Fi, by their ending year: 2025 is the
 * 2024-25 school year. People write them {@code 2024-25}.
 */
public final class SchoolYear {
  private static final Pattern LABEL = Pattern.compile("(\\d{4})-(\\d{2})");

  private SchoolYear() {}

  /** The ending year of the school year that contains a date. */
  public static int of(LocalDate date) {
    return date.getMonthValue() >= 7 ? date.getYear() + 1 : date.getYear();
  }

  public static LocalDate start(int endingYear) {
    return LocalDate.of(endingYear - 1, 7, 1);
  }

  public static LocalDate end(int endingYear) {
    return LocalDate.of(endingYear, 6, 30);
  }

  /** {@code 2025} becomes {@code 2024-25}. */
  public static String label(int endingYear) {
    return (endingYear - 1) + "-" + String.format("%02d", endingYear % 100);
  }

  /** Parses {@code 2024-25} (or a bare ending year {@code 2025}) to the ending year. */
  public static int parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = LABEL.matcher(t);
    if (m.matches()) {
      int start = Integer.parseInt(m.group(1));
      if ((start + 1) % 100 == Integer.parseInt(m.group(2))) {
        return start + 1;
      }
    } else if (t.matches("\\d{4}")) {
      return Integer.parseInt(t);
    }
    throw Errors.settings(
        "School year '" + text + "' is not a school year.",
        "School years are written as their two calendar years.",
        "Write it like 2024-25.");
  }
}
