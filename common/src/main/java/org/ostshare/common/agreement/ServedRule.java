package org.ostshare.common.agreement;

import java.util.Arrays;
import java.util.Optional;

/** Which programme enrolments make a student "served" by the partner for a period. */
public enum ServedRule {
  /** An enrolment that overlaps the reporting period (the default). */
  OVERLAPS_PERIOD("overlaps-period"),
  /** An enrolment active on the as-of date. */
  ACTIVE_ON_AS_OF("active-on-as-of"),
  /** Overlaps the period once its end is pushed out by the grace days. */
  GRACE("grace");

  private final String key;

  ServedRule(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<ServedRule> byKey(String key) {
    return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst();
  }
}
