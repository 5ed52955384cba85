package org.ostshare.jobs.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.CodeSet;
import org.ostshare.common.summer.DosageRules;

/**
 * Summer-learning analysis ({@code ostshare.analyse}).
 *
 * @param districtId identifies the district in its state submission
 * @param assessments assessments forming the cohort; empty means all
 * @param minCell smallest n published in any aggregate leaving the district
 * @param k quasi-identifier combinations rarer than this are reported
 * @param keyEnv name of the environment variable holding the research-pseudonym key
 * @param extract whether the row-level research extract is written
 * @param chronicThreshold share of days absent that makes a student chronically absent
 * @param minDaysEnrolled fewest days enrolled for the chronic-absence measure
 * @param fallEnd month-day (MM-dd) ending the fall span of the new school year
 */
public record AnalyseSettings(
    String districtId,
    List<String> assessments,
    DosageRules dosage,
    int minCell,
    int k,
    String keyEnv,
    boolean extract,
    double chronicThreshold,
    int minDaysEnrolled,
    String fallEnd) {

  static AnalyseSettings from(Keys k) {
    String district = k.nonEmpty("district-id");
    if (!district.matches("[A-Za-z0-9_-]+")) {
      throw k.bad("district-id", "is '" + district + "'", "letters, digits, '-' and '_' only");
    }
    Keys dosage = k.section("dosage");
    int low = dosage.intBetween("low-min-days", 1, 365);
    int high = dosage.intBetween("high-min-days", 2, 366);
    if (high <= low) {
      throw dosage.bad(
          "high-min-days",
          "is " + high + ", not above low-min-days (" + low + ")",
          "a larger number");
    }
    Map<String, Double> hours = new LinkedHashMap<>();
    Keys hourKeys = dosage.section("high-min-hours");
    for (String subject : dosage.names("high-min-hours")) {
      if (!CodeSet.SUBJECT.contains(subject)) {
        throw hourKeys.bad(
            subject, "names no subject", "one of " + Errors.quoted(CodeSet.SUBJECT.codes()));
      }
      hours.put(subject, hourKeys.doubleBetween(subject, 0.5, 1000));
    }
    String keyEnv = k.section("research").nonEmpty("key-env");
    if (!keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw k.section("research")
          .bad("key-env", "is '" + keyEnv + "'", "the NAME of an environment variable, not a key");
    }
    Keys fall = k.section("fall-attendance");
    String end = fall.nonEmpty("end");
    if (!end.matches("(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")) {
      throw fall.bad("end", "is '" + end + "'", "a month and day written MM-dd, e.g. 09-30");
    }
    return new AnalyseSettings(
        district,
        List.copyOf(k.strings("assessments")),
        new DosageRules(low, high, hours),
        k.section("suppression").intBetween("min-cell", 1, 1000),
        k.section("research").intBetween("k", 1, 1000),
        keyEnv,
        k.section("research").bool("extract"),
        fall.doubleBetween("chronic-threshold", 0.0001, 1),
        fall.intBetween("min-days-enrolled", 1, 366),
        end);
  }

  public AnalyseSettings withDistrictId(String id) {
    return new AnalyseSettings(
        id,
        assessments,
        dosage,
        minCell,
        k,
        keyEnv,
        extract,
        chronicThreshold,
        minDaysEnrolled,
        fallEnd);
  }
}
