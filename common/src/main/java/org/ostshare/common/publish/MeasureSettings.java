package org.ostshare.common.publish;

import java.util.List;

/**
 * Thresholds of the report-card measures, passed in as values (read from settings by the job).
 *
 * @param chronicThreshold share of days enrolled absent that makes a student chronically absent
 * @param minDaysEnrolled fewer days enrolled than this: no chronic-absence flag or tier
 * @param atRisk lower bound of the "at risk" tier (share of days absent)
 * @param moderate lower bound of "moderate chronic"
 * @param severe lower bound of "severe chronic"
 * @param passingMarks letter marks that pass; any other mark is below passing
 */
public record MeasureSettings(
    double chronicThreshold,
    int minDaysEnrolled,
    double atRisk,
    double moderate,
    double severe,
    List<String> passingMarks) {

  public MeasureSettings {
    passingMarks = List.copyOf(passingMarks);
  }

  /** The project's defaults (DOMAIN.md, "Attendance definitions"). */
  public static MeasureSettings defaults() {
    return new MeasureSettings(0.10, 10, 0.05, 0.10, 0.20, List.of("A", "B", "C", "D", "P"));
  }
}
