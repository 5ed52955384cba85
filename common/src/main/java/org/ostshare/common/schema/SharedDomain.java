package org.ostshare.common.schema;

import static org.ostshare.common.schema.ColumnSpec.optional;
import static org.ostshare.common.schema.ColumnType.BOOLEAN;
import static org.ostshare.common.schema.ColumnType.DATE;
import static org.ostshare.common.schema.ColumnType.DECIMAL;
import static org.ostshare.common.schema.ColumnType.INTEGER;
import static org.ostshare.common.schema.ColumnType.STRING;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What an agreement may release: the domains a partner can receive and every field of each,
 * declared once. Raw domains carry the canonical columns of a source domain ({@link Domain}); the
 * report-card domains carry the measures computed for the OST report card. An agreement names
 * fields as {@code <domain>.<field>} of this catalogue; anything else is refused before data is
 * read.
 */
public enum SharedDomain {
  /** One row per student: the student record, with the school and grade on the as-of date. */
  STUDENT(
      "student",
      true,
      "One row per served student: identity, demographics, current school and grade.",
      concat(
          Domain.STUDENTS.columns(),
          List.of(
              optional(Cols.SCHOOL_ID, STRING, "", "School of the current enrolment."),
              optional(Cols.SCHOOL_NAME, STRING, "", "Name of that school."),
              ColumnSpec.code(
                  Cols.GRADE_LEVEL,
                  CodeSet.GRADE_LEVEL,
                  false,
                  "",
                  "Grade of the current enrolment.")))),

  /** One row per student and span (year to date, this period): attendance measures. */
  ATTENDANCE(
      "attendance",
      true,
      "Attendance measures per student, for the school year to date and for the period.",
      List.of(
          optional(Cols.STUDENT_ID, STRING, "", "Student."),
          optional(Measures.SPAN, STRING, "", "YEAR_TO_DATE or PERIOD."),
          optional(Measures.DAYS_ENROLLED, INTEGER, "", "Instructional days enrolled."),
          optional(Measures.DAYS_PRESENT, INTEGER, "", "Days enrolled minus days absent."),
          optional(Measures.DAYS_ABSENT, INTEGER, "", "Days with half a day or more missed."),
          optional(Measures.EXCUSED_ABSENCES, INTEGER, "", "Days absent, excused."),
          optional(Measures.UNEXCUSED_ABSENCES, INTEGER, "", "Days absent, unexcused."),
          optional(Measures.SUSPENSION_ABSENCES, INTEGER, "", "Days absent, suspended."),
          optional(Measures.TARDIES, INTEGER, "", "Days arrived late."),
          optional(Measures.EARLY_DEPARTURES, INTEGER, "", "Days left early."),
          optional(Measures.ATTENDANCE_RATE, DECIMAL, "", "(enrolled - absent) / enrolled."),
          optional(Measures.CHRONICALLY_ABSENT, BOOLEAN, "", "Absent 10% or more of days."),
          optional(Measures.CHRONIC_ABSENCE_TIER, STRING, "", "Attendance Works tier."))),

  /** Latest score per subject and test, and growth since the previous window. */
  ASSESSMENT(
      "assessment",
      true,
      "Latest score and percentile per subject, and growth since the previous window.",
      List.of(
          optional(Cols.STUDENT_ID, STRING, "", "Student."),
          optional(Cols.ASSESSMENT_ID, STRING, "", "The test."),
          optional(Cols.SUBJECT, STRING, "", "Subject."),
          optional(Cols.SCHOOL_YEAR, INTEGER, "", "School year of the latest score."),
          optional(Cols.ASSESSMENT_WINDOW, STRING, "", "Window of the latest score."),
          optional(Cols.ADMINISTRATION_DATE, DATE, "", "Date of the latest score."),
          optional(Cols.SCALE_SCORE, DECIMAL, "", "Latest scale score."),
          optional(Cols.PERCENTILE, INTEGER, "", "Latest national percentile."),
          optional(Cols.PERFORMANCE_LEVEL, STRING, "", "Latest performance level."),
          optional(Measures.PREVIOUS_SCALE_SCORE, DECIMAL, "", "Score of the window before."),
          optional(Measures.GROWTH, DECIMAL, "", "Latest minus previous scale score."))),

  /** Current mark per course (latest grading period) and whether it is below passing. */
  MARKS(
      "marks",
      true,
      "Current mark per course and whether it is below passing.",
      List.of(
          optional(Cols.STUDENT_ID, STRING, "", "Student."),
          optional(Cols.COURSE_CODE, STRING, "", "Course code."),
          optional(Cols.COURSE_TITLE, STRING, "", "Course title."),
          optional(Cols.GRADING_PERIOD, STRING, "", "Latest grading period with a mark."),
          optional(Cols.MARK, STRING, "", "Letter mark."),
          optional(Cols.NUMERIC_GRADE, DECIMAL, "", "Numeric grade."),
          optional(Measures.BELOW_PASSING, BOOLEAN, "", "Mark is not a passing mark."))),

  /** Suspensions in the window. */
  BEHAVIOUR(
      "behaviour",
      true,
      "Suspensions and days suspended in the window.",
      List.of(
          optional(Cols.STUDENT_ID, STRING, "", "Student."),
          optional(Measures.SUSPENSIONS, INTEGER, "", "In- and out-of-school suspensions."),
          optional(Measures.DAYS_SUSPENDED, DECIMAL, "", "Days suspended."))),

  /** Participation in this partner's programmes. */
  OST(
      "ost",
      true,
      "Participation in this partner's programmes: days and hours attended.",
      List.of(
          optional(Cols.STUDENT_ID, STRING, "", "Student."),
          optional(Cols.PROGRAM_ID, STRING, "", "Programme."),
          optional(Cols.PROGRAM_NAME, STRING, "", "Programme name."),
          optional(Cols.PROGRAM_TYPE, STRING, "", "SUMMER, AFTERSCHOOL or OTHER."),
          optional(Cols.BEGIN_DATE, DATE, "", "First day on the roster."),
          optional(Cols.END_DATE, DATE, "", "Last day on the roster."),
          optional(Measures.DAYS_ATTENDED, INTEGER, "", "Days attended in the window."),
          optional(Measures.HOURS_ATTENDED, DECIMAL, "", "Hours attended in the window."))),

  ENROLLMENTS(
      "enrollments", false, "School enrolments in the window.", Domain.ENROLLMENTS.columns()),
  ATTENDANCE_EVENTS(
      "attendance_events",
      false,
      "Attendance exceptions in the window.",
      Domain.ATTENDANCE.columns()),
  ASSESSMENTS(
      "assessments", false, "Assessment scores in the window.", Domain.ASSESSMENTS.columns()),
  GRADES("grades", false, "Course marks of the school year.", Domain.GRADES.columns()),
  DISCIPLINE(
      "discipline", false, "Disciplinary actions in the window.", Domain.DISCIPLINE.columns());

  /**
   * Directory information (FERPA 99.3) in this project: withheld for a student with a directory
   * opt-out, unless the agreement's basis is consent and consent is on file. Birth date counts as
   * directory information here, so the opt-out withholds it too (publish less when in doubt).
   */
  public static final Set<String> DIRECTORY_FIELDS =
      Set.of(
          Cols.FIRST_NAME,
          Cols.MIDDLE_NAME,
          Cols.LAST_NAME,
          Cols.BIRTH_DATE,
          Cols.ADDRESS,
          Cols.PHONE);

  /** Fields a directory-basis agreement may list: directory information, grade and school. */
  public static final Set<String> DIRECTORY_BASIS_FIELDS =
      Set.of(
          Cols.FIRST_NAME,
          Cols.MIDDLE_NAME,
          Cols.LAST_NAME,
          Cols.BIRTH_DATE,
          Cols.ADDRESS,
          Cols.PHONE,
          Cols.GRADE_LEVEL,
          Cols.SCHOOL_NAME);

  private final String key;
  private final boolean reportCard;
  private final String description;
  private final List<ColumnSpec> columns;

  SharedDomain(String key, boolean reportCard, String description, List<ColumnSpec> columns) {
    this.key = key;
    this.reportCard = reportCard;
    this.description = description;
    this.columns = columns;
  }

  /** The name agreements use, e.g. "student". */
  public String key() {
    return key;
  }

  /** Whether this domain is a section of the OST report card (else part of the raw data set). */
  public boolean reportCard() {
    return reportCard;
  }

  public String description() {
    return description;
  }

  public List<ColumnSpec> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The full, internal schema of the domain's rows before projection. */
  public StructType schema() {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec c : columns) {
      fields.add(DataTypes.createStructField(c.name(), c.type().sparkType(), true));
    }
    return DataTypes.createStructType(fields);
  }

  public static Optional<SharedDomain> byKey(String key) {
    return Arrays.stream(values()).filter(d -> d.key.equals(key)).findFirst();
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(SharedDomain::key).toList();
  }

  private static List<ColumnSpec> concat(List<ColumnSpec> a, List<ColumnSpec> b) {
    List<ColumnSpec> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
