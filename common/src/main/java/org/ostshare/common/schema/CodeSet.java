package org.ostshare.common.schema;

import java.util.List;

/**
 * The closed vocabularies of the canonical schema. Districts map their own codes onto these in the
 * source settings ({@code ingest.sources.<domain>.codes}); a value outside the set is quarantined.
 * Names follow Ed-Fi descriptors where one exists.
 */
public enum CodeSet {
  SCHOOL_TYPE("ELEMENTARY", "MIDDLE", "HIGH", "K8", "OTHER"),
  /** Ed-Fi CalendarEventDescriptor. */
  CALENDAR_EVENT("INSTRUCTIONAL_DAY", "HOLIDAY", "TEACHER_ONLY_DAY", "EMERGENCY_DAY", "OTHER"),
  /** Ed-Fi GradeLevelDescriptor, in promotion order. */
  GRADE_LEVEL("PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"),
  GENDER("F", "M", "X"),
  RACE_ETHNICITY(
      "AMERICAN_INDIAN_ALASKA_NATIVE",
      "ASIAN",
      "BLACK",
      "HISPANIC",
      "MULTIRACIAL",
      "NATIVE_HAWAIIAN_PACIFIC_ISLANDER",
      "WHITE"),
  /** FERPA 99.37: directory information only, or all data sharing. */
  OPT_OUT_TYPE("DIRECTORY", "ALL_SHARING"),
  /** Ed-Fi AttendanceEventCategoryDescriptor, with suspensions split out. */
  ATTENDANCE_EVENT(
      "EXCUSED_ABSENCE",
      "UNEXCUSED_ABSENCE",
      "OUT_OF_SCHOOL_SUSPENSION",
      "IN_SCHOOL_SUSPENSION",
      "TARDY",
      "EARLY_DEPARTURE"),
  SUBJECT("MATH", "READING", "LANGUAGE_USAGE", "SCIENCE"),
  /** Ed-Fi AssessmentPeriodDescriptor. */
  ASSESSMENT_WINDOW("FALL", "WINTER", "SPRING"),
  PERFORMANCE_LEVEL("BELOW_BASIC", "BASIC", "PROFICIENT", "ADVANCED"),
  GRADING_PERIOD("Q1", "Q2", "Q3", "Q4", "S1", "S2", "FINAL"),
  MARK("A", "B", "C", "D", "F", "P", "I"),
  /** Ed-Fi DisciplineDescriptor (simplified). */
  DISCIPLINE_ACTION(
      "IN_SCHOOL_SUSPENSION", "OUT_OF_SCHOOL_SUSPENSION", "EXPULSION", "DETENTION", "OTHER"),
  PARTNER_STATUS("PENDING", "APPROVED", "SUSPENDED", "EXPIRED", "WITHDRAWN"),
  PROGRAM_TYPE("SUMMER", "AFTERSCHOOL", "OTHER");

  private final List<String> codes;

  CodeSet(String... codes) {
    this.codes = List.of(codes);
  }

  /** The canonical codes, in their documented order. */
  public List<String> codes() {
    return codes;
  }

  public boolean contains(String code) {
    return codes.contains(code);
  }

  /** Position of a grade in promotion order (PK = 0, K = 1, 1 = 2, ...), or -1. */
  public static int gradeOrdinal(String grade) {
    return GRADE_LEVEL.codes.indexOf(grade);
  }
}
