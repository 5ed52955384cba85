package org.ostshare.jobs.settings;

import java.time.LocalDate;
import org.ostshare.common.time.SchoolYear;

/**
 * The synthetic district.
 *
 * @param firstSchoolYear ending year of the first school year generated (2025 = 2024-25)
 * @param effectHigh planted summer effect (SD of the fall score) for high attenders
 * @param effectLow the same for low attenders
 * @param effectNoShow the same for no-shows (normally 0)
 * @param filesPerDomain files per large domain; 0 chooses by size
 */
public record GenerateSettings(
    String output,
    int students,
    long seed,
    int firstSchoolYear,
    LocalDate asOf,
    double defectRate,
    double effectHigh,
    double effectLow,
    double effectNoShow,
    int filesPerDomain) {

  static GenerateSettings from(Keys k) {
    int first = k.intBetween("first-school-year", 2000, 2100);
    LocalDate asOf = k.date("as-of");
    if (asOf.isBefore(SchoolYear.start(first)) || asOf.isAfter(SchoolYear.end(first + 1))) {
      throw k.bad(
          "as-of",
          "is " + asOf + ", outside the two generated school years",
          "a date from "
              + SchoolYear.start(first)
              + " to "
              + SchoolYear.end(first + 1)
              + " (or change first-school-year)");
    }
    Keys effect = k.section("summer-effect-sd");
    return new GenerateSettings(
        Settings.absolute(k.nonEmpty("output")),
        k.intBetween("students", 10, 50_000_000),
        k.longBetween("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        first,
        asOf,
        k.doubleBetween("defect-rate", 0, 0.5),
        effect.doubleBetween("high", -2, 2),
        effect.doubleBetween("low", -2, 2),
        effect.doubleBetween("no-show", -2, 2),
        k.intBetween("files-per-domain", 0, 10_000));
  }

  /** The same settings with the command line's overrides; a null keeps the setting. */
  public GenerateSettings with(String output, Integer students, Long seed, Double defectRate) {
    return new GenerateSettings(
        output != null ? output : this.output,
        students != null ? students : this.students,
        seed != null ? seed : this.seed,
        firstSchoolYear,
        asOf,
        defectRate != null ? defectRate : this.defectRate,
        effectHigh,
        effectLow,
        effectNoShow,
        filesPerDomain);
  }

  /** Files for a domain of the given relative size (1 = about one row per student). */
  public int files(double rowsPerStudent) {
    if (filesPerDomain > 0) {
      return filesPerDomain;
    }
    long rows = (long) (students * rowsPerStudent);
    return (int) Math.max(1, Math.min(64, rows / 2_000_000 + 1));
  }
}
