package org.ostshare.common.agreement;

import java.util.Arrays;
import java.util.Optional;

/** Which dated records an agreement releases. */
public enum RecordWindow {
  /** From the first day of the period's school year to the end of the period (the default). */
  SCHOOL_YEAR_TO_DATE("school-year-to-date"),
  /** Only the reporting period itself. */
  PERIOD("period");

  private final String key;

  RecordWindow(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<RecordWindow> byKey(String key) {
    return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst();
  }
}
