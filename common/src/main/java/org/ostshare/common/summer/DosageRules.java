package org.ostshare.common.summer;

import java.io.Serializable;
import java.util.Map;

/**
 * How attendance becomes a dosage group (settings {@code ostshare.analyse.dosage}).
 *
 * @param lowMinDays fewest days of a low attender (default 1)
 * @param highMinDays fewest days of a high attender (default 20)
 * @param highMinHours per subject, fewest hours of a high attender in the hours-based variant
 *     (default MATH 25, READING 34); subjects not listed get no hours-based group
 */
public record DosageRules(int lowMinDays, int highMinDays, Map<String, Double> highMinHours)
    implements Serializable {

  public DosageRules {
    if (lowMinDays < 1 || highMinDays <= lowMinDays) {
      throw new IllegalArgumentException(
          "need 1 <= low-min-days < high-min-days: " + lowMinDays + ", " + highMinDays);
    }
    highMinHours = Map.copyOf(highMinHours);
  }

  public static DosageRules defaults() {
    return new DosageRules(1, 20, Map.of("MATH", 25.0, "READING", 34.0));
  }
}
