package org.ostshare.common.schema;

import static org.ostshare.common.schema.Cols.*;
import static org.ostshare.common.schema.ColumnSpec.code;
import static org.ostshare.common.schema.ColumnSpec.optional;
import static org.ostshare.common.schema.ColumnSpec.required;
import static org.ostshare.common.schema.ColumnType.BOOLEAN;
import static org.ostshare.common.schema.ColumnType.DATE;
import static org.ostshare.common.schema.ColumnType.DECIMAL;
import static org.ostshare.common.schema.ColumnType.INTEGER;
import static org.ostshare.common.schema.ColumnType.STRING;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The source domains of a district and their canonical schema: the single declaration that the
 * generator writes, ingestion validates, agreements bind to, and {@code docs/data-contract.md}
 * documents. Declared in load order: every domain references only domains declared before it.
 */
public enum Domain {
  SCHOOLS(
      "schools",
      "A school, its type and grade span (Ed-Fi schools).",
      List.of(SCHOOL_ID),
      List.of(),
      List.of(new Order(LOW_GRADE, HIGH_GRADE, "grade span")),
      required(SCHOOL_ID, STRING, "schoolId", "District school identifier."),
      required(SCHOOL_NAME, STRING, "nameOfInstitution", "School name."),
      code(SCHOOL_TYPE, CodeSet.SCHOOL_TYPE, true, "schoolCategories", "Kind of school."),
      code(LOW_GRADE, CodeSet.GRADE_LEVEL, true, "gradeLevels", "Lowest grade served."),
      code(HIGH_GRADE, CodeSet.GRADE_LEVEL, true, "gradeLevels", "Highest grade served.")),

  STUDENTS(
      "students",
      "A student, with demographics and directory information (Ed-Fi students and"
          + " studentEducationOrganizationAssociations).",
      List.of(STUDENT_ID),
      List.of(),
      List.of(),
      required(STUDENT_ID, STRING, "studentUniqueId", "District student identifier."),
      required(FIRST_NAME, STRING, "firstName", "Given name (directory information)."),
      optional(MIDDLE_NAME, STRING, "middleName", "Middle name (directory information)."),
      required(LAST_NAME, STRING, "lastSurname", "Family name (directory information)."),
      required(BIRTH_DATE, DATE, "birthDate", "Date of birth."),
      code(GENDER, CodeSet.GENDER, true, "sexDescriptor", "Sex as recorded by the district."),
      code(
          RACE_ETHNICITY,
          CodeSet.RACE_ETHNICITY,
          false,
          "races / hispanicLatinoEthnicity",
          "Federal reporting race/ethnicity category."),
      required(
          ECONOMICALLY_DISADVANTAGED,
          BOOLEAN,
          "economicDisadvantaged",
          "Eligible for free or reduced-price meals or equivalent."),
      required(ENGLISH_LEARNER, BOOLEAN, "limitedEnglishProficiency", "English learner."),
      required(DISABILITY, BOOLEAN, "disabilities", "Has an IEP or 504 plan."),
      optional(ADDRESS, STRING, "addresses", "Home address (directory information)."),
      optional(PHONE, STRING, "telephones", "Home phone (directory information).")),

  PARTNERS(
      "partners",
      "An out-of-school-time partner organisation and its approval status (Ed-Fi"
          + " communityOrganizations / communityProviders).",
      List.of(PARTNER_ID),
      List.of(),
      List.of(
          new Order(REVIEW_DATE, BOARD_APPROVAL_DATE, "approval"),
          new Order(BOARD_APPROVAL_DATE, EXPIRY_DATE, "approval period")),
      required(PARTNER_ID, STRING, "communityOrganizationId", "Partner identifier."),
      required(PARTNER_NAME, STRING, "nameOfInstitution", "Partner name."),
      code(STATUS, CodeSet.PARTNER_STATUS, true, "providerStatusDescriptor", "Approval status."),
      optional(REVIEW_DATE, DATE, "", "Date the cross-functional review was completed."),
      optional(BOARD_APPROVAL_DATE, DATE, "", "Date the board approved the partner."),
      optional(SUSPENDED_DATE, DATE, "", "Date the approval was suspended."),
      optional(EXPIRY_DATE, DATE, "", "Date the approval lapses.")),

  CALENDAR(
      "calendar",
      "A day in a school's calendar (Ed-Fi calendarDates); days enrolled are counted on"
          + " instructional days.",
      List.of(SCHOOL_ID, CALENDAR_DATE),
      List.of(new Reference(SCHOOL_ID, "SCHOOLS")),
      List.of(),
      required(SCHOOL_ID, STRING, "schoolReference", "School."),
      required(
              SCHOOL_YEAR,
              INTEGER,
              "schoolYear",
              "School year, named by its ending year (2025 = 2024-25).")
          .between(1990, 2100),
      required(CALENDAR_DATE, DATE, "date", "The day."),
      code(CALENDAR_EVENT, CodeSet.CALENDAR_EVENT, true, "calendarEvents", "Kind of day.")),

  ENROLLMENTS(
      "enrollments",
      "A student's stay at a school (Ed-Fi studentSchoolAssociations).",
      List.of(STUDENT_ID, SCHOOL_ID, ENTRY_DATE),
      List.of(new Reference(STUDENT_ID, "STUDENTS"), new Reference(SCHOOL_ID, "SCHOOLS")),
      List.of(new Order(ENTRY_DATE, EXIT_DATE, "enrolment")),
      required(STUDENT_ID, STRING, "studentReference", "Student."),
      required(SCHOOL_ID, STRING, "schoolReference", "School."),
      required(SCHOOL_YEAR, INTEGER, "schoolYear", "School year, by its ending year.")
          .between(1990, 2100),
      code(GRADE_LEVEL, CodeSet.GRADE_LEVEL, true, "entryGradeLevelDescriptor", "Grade level."),
      required(ENTRY_DATE, DATE, "entryDate", "First day of the enrolment."),
      optional(
          EXIT_DATE, DATE, "exitWithdrawDate", "Last day of the enrolment; empty while open.")),

  OPT_OUTS(
      "opt_outs",
      "A parent's opt-out of directory information or of all data sharing (FERPA 99.37).",
      List.of(STUDENT_ID, OPT_OUT_TYPE, EFFECTIVE_DATE),
      List.of(new Reference(STUDENT_ID, "STUDENTS")),
      List.of(new Order(EFFECTIVE_DATE, REVOKED_DATE, "opt-out")),
      required(STUDENT_ID, STRING, "", "Student."),
      code(OPT_OUT_TYPE, CodeSet.OPT_OUT_TYPE, true, "", "What the parent opted out of."),
      required(EFFECTIVE_DATE, DATE, "", "Date the opt-out took effect."),
      optional(REVOKED_DATE, DATE, "", "Date the parent withdrew the opt-out, if any.")),

  ATTENDANCE(
      "attendance",
      "An attendance exception on a school day (Ed-Fi studentSchoolAttendanceEvents); present"
          + " days are not recorded.",
      List.of(STUDENT_ID, EVENT_DATE, ATTENDANCE_EVENT),
      List.of(new Reference(STUDENT_ID, "STUDENTS"), new Reference(SCHOOL_ID, "SCHOOLS")),
      List.of(),
      required(STUDENT_ID, STRING, "studentReference", "Student."),
      required(SCHOOL_ID, STRING, "schoolReference", "School."),
      required(EVENT_DATE, DATE, "eventDate", "The day."),
      code(
          ATTENDANCE_EVENT,
          CodeSet.ATTENDANCE_EVENT,
          true,
          "attendanceEventCategoryDescriptor",
          "What happened."),
      optional(
              EVENT_DURATION,
              DECIMAL,
              "eventDuration",
              "Share of the day missed, 0 to 1; empty means the whole day.")
          .between(0, 1)),

  ASSESSMENTS(
      "assessments",
      "A score on a test in a window (Ed-Fi studentAssessments).",
      List.of(STUDENT_ID, ASSESSMENT_ID, SUBJECT, SCHOOL_YEAR, ASSESSMENT_WINDOW),
      List.of(new Reference(STUDENT_ID, "STUDENTS")),
      List.of(),
      required(STUDENT_ID, STRING, "studentReference", "Student."),
      required(ASSESSMENT_ID, STRING, "assessmentIdentifier", "The test, e.g. MAP-GROWTH."),
      code(SUBJECT, CodeSet.SUBJECT, true, "academicSubjectDescriptor", "Subject."),
      required(SCHOOL_YEAR, INTEGER, "schoolYear", "School year, by its ending year.")
          .between(1990, 2100),
      code(
          ASSESSMENT_WINDOW,
          CodeSet.ASSESSMENT_WINDOW,
          true,
          "whenAssessedGradeLevel / period",
          "Fall, winter or spring window."),
      required(ADMINISTRATION_DATE, DATE, "administrationDate", "Date taken."),
      required(SCALE_SCORE, DECIMAL, "scoreResults", "Scale score on a vertical scale (e.g. RIT).")
          .between(0, 1000),
      optional(PERCENTILE, INTEGER, "scoreResults", "National percentile rank, 1-99.")
          .between(1, 99),
      code(
          PERFORMANCE_LEVEL,
          CodeSet.PERFORMANCE_LEVEL,
          false,
          "performanceLevels",
          "Performance level.")),

  GRADES(
      "grades",
      "A mark in a course for a grading period (Ed-Fi grades).",
      List.of(STUDENT_ID, SCHOOL_YEAR, GRADING_PERIOD, COURSE_CODE),
      List.of(new Reference(STUDENT_ID, "STUDENTS"), new Reference(SCHOOL_ID, "SCHOOLS")),
      List.of(),
      required(STUDENT_ID, STRING, "studentReference", "Student."),
      required(SCHOOL_ID, STRING, "schoolReference", "School."),
      required(SCHOOL_YEAR, INTEGER, "schoolYear", "School year, by its ending year.")
          .between(1990, 2100),
      code(GRADING_PERIOD, CodeSet.GRADING_PERIOD, true, "gradingPeriodDescriptor", "Period."),
      required(COURSE_CODE, STRING, "localCourseCode", "Course code."),
      required(COURSE_TITLE, STRING, "courseTitle", "Course title."),
      code(MARK, CodeSet.MARK, true, "letterGradeEarned", "Letter mark (P pass, I incomplete)."),
      optional(NUMERIC_GRADE, DECIMAL, "numericGradeEarned", "Numeric grade, 0-100.")
          .between(0, 100)),

  DISCIPLINE(
      "discipline",
      "A disciplinary action such as a suspension (Ed-Fi disciplineActions).",
      List.of(INCIDENT_ID),
      List.of(new Reference(STUDENT_ID, "STUDENTS"), new Reference(SCHOOL_ID, "SCHOOLS")),
      List.of(),
      required(INCIDENT_ID, STRING, "disciplineActionIdentifier", "Action identifier."),
      required(STUDENT_ID, STRING, "studentReference", "Student."),
      required(SCHOOL_ID, STRING, "responsibilitySchoolReference", "School."),
      required(INCIDENT_DATE, DATE, "disciplineDate", "Date of the action."),
      code(ACTION, CodeSet.DISCIPLINE_ACTION, true, "disciplines", "The action."),
      optional(ACTION_DAYS, DECIMAL, "actualDisciplineActionLength", "Days, for suspensions.")
          .between(0, 365)),

  PROGRAMS(
      "programs",
      "A partner's programme (Ed-Fi programs): summer or afterschool, its site and dates.",
      List.of(PROGRAM_ID),
      List.of(new Reference(PARTNER_ID, "PARTNERS"), new Reference(SCHOOL_ID, "SCHOOLS")),
      List.of(new Order(BEGIN_DATE, END_DATE, "programme")),
      required(PROGRAM_ID, STRING, "programId", "Programme identifier."),
      required(PARTNER_ID, STRING, "educationOrganizationReference", "Partner that runs it."),
      required(PROGRAM_NAME, STRING, "programName", "Programme name."),
      code(PROGRAM_TYPE, CodeSet.PROGRAM_TYPE, true, "programTypeDescriptor", "Kind."),
      optional(SCHOOL_ID, STRING, "", "School where it meets, if at a school."),
      required(BEGIN_DATE, DATE, "beginDate", "First day."),
      required(END_DATE, DATE, "endDate", "Last day."),
      optional(PLANNED_DAYS, INTEGER, "", "Days the programme plans to meet.").between(0, 366),
      optional(PLANNED_HOURS, DECIMAL, "", "Hours the programme plans to offer.").between(0, 5000)),

  CONSENTS(
      "consents",
      "A parent's consent for one partner to receive the student's records.",
      List.of(STUDENT_ID, PARTNER_ID, GRANTED_DATE),
      List.of(new Reference(STUDENT_ID, "STUDENTS"), new Reference(PARTNER_ID, "PARTNERS")),
      List.of(new Order(GRANTED_DATE, REVOKED_DATE, "consent")),
      required(STUDENT_ID, STRING, "", "Student."),
      required(PARTNER_ID, STRING, "", "Partner the consent is for."),
      required(GRANTED_DATE, DATE, "", "Date consent was given."),
      optional(REVOKED_DATE, DATE, "", "Date consent was withdrawn, if any.")),

  PROGRAM_ENROLLMENTS(
      "program_enrollments",
      "A student on a partner's programme roster (Ed-Fi studentProgramAssociations). Rows"
          + " without a district id are matched on name and birth date.",
      List.of(PROGRAM_ID, STUDENT_ID, FIRST_NAME, LAST_NAME, BIRTH_DATE, BEGIN_DATE),
      List.of(
          new Reference(PROGRAM_ID, "PROGRAMS"),
          new Reference(STUDENT_ID, "STUDENTS"),
          new Reference(SCHOOL_ID, "SCHOOLS")),
      List.of(new Order(BEGIN_DATE, END_DATE, "roster enrolment")),
      required(PROGRAM_ID, STRING, "programReference", "Programme."),
      optional(
          STUDENT_ID, STRING, "studentReference", "District student id, when the partner has it."),
      optional(FIRST_NAME, STRING, "", "Given name as the partner recorded it."),
      optional(LAST_NAME, STRING, "", "Family name as the partner recorded it."),
      optional(BIRTH_DATE, DATE, "", "Birth date as the partner recorded it."),
      optional(SCHOOL_ID, STRING, "", "School the partner believes the student attends."),
      required(BEGIN_DATE, DATE, "beginDate", "First day on the roster."),
      optional(END_DATE, DATE, "endDate", "Last day on the roster; empty while active.")),

  PROGRAM_ATTENDANCE(
      "program_attendance",
      "A day a student attended a programme, with hours (Ed-Fi"
          + " studentProgramAttendanceEvents).",
      List.of(PROGRAM_ID, STUDENT_ID, FIRST_NAME, LAST_NAME, BIRTH_DATE, ATTENDANCE_DATE),
      List.of(new Reference(PROGRAM_ID, "PROGRAMS"), new Reference(STUDENT_ID, "STUDENTS")),
      List.of(),
      required(PROGRAM_ID, STRING, "programReference", "Programme."),
      optional(STUDENT_ID, STRING, "studentReference", "District student id, when known."),
      optional(FIRST_NAME, STRING, "", "Given name as the partner recorded it."),
      optional(LAST_NAME, STRING, "", "Family name as the partner recorded it."),
      optional(BIRTH_DATE, DATE, "", "Birth date as the partner recorded it."),
      required(ATTENDANCE_DATE, DATE, "eventDate", "The day attended."),
      optional(HOURS, DECIMAL, "eventDuration", "Hours attended that day.").between(0, 24));

  /** The columns of a roster row that identify a student when no district id is given. */
  public static final List<String> ROSTER_IDENTITY = List.of(FIRST_NAME, LAST_NAME, BIRTH_DATE);

  private final String table;
  private final String description;
  private final List<String> key;
  private final List<Reference> references;
  private final List<Order> orders;
  private final List<ColumnSpec> columns;

  Domain(
      String table,
      String description,
      List<String> key,
      List<Reference> references,
      List<Order> orders,
      ColumnSpec... columns) {
    this.table = table;
    this.description = description;
    this.key = key;
    this.references = references;
    this.orders = orders;
    this.columns = List.of(columns);
  }

  /** Name of the conformed table and default name of the input folder. */
  public String table() {
    return table;
  }

  public String description() {
    return description;
  }

  /** Columns that identify a row; two rows with the same key and different content conflict. */
  public List<String> key() {
    return key;
  }

  public List<Reference> references() {
    return references;
  }

  public List<Order> orders() {
    return orders;
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

  /** Whether roster rows may stand without a district id (matched later on name and birth). */
  public boolean isRoster() {
    return this == PROGRAM_ENROLLMENTS || this == PROGRAM_ATTENDANCE;
  }

  /** The conformed table's schema: the canonical columns, then {@link Cols#PERIOD}. */
  public StructType conformedSchema() {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec c : columns) {
      fields.add(DataTypes.createStructField(c.name(), c.type().sparkType(), !c.required()));
    }
    fields.add(DataTypes.createStructField(PERIOD, DataTypes.StringType, false));
    return DataTypes.createStructType(fields);
  }

  /** Looks a domain up by its table name, e.g. "program_enrollments". */
  public static Optional<Domain> byTable(String table) {
    return Arrays.stream(values()).filter(d -> d.table.equals(table)).findFirst();
  }

  /**
   * A column whose non-empty values must name a row of another domain's key.
   *
   * @param column the referring column (same name as the target's key)
   * @param target the referenced domain's enum name (a string, as enums cannot refer forward)
   */
  public record Reference(String column, String target) {
    public Domain targetDomain() {
      return Domain.valueOf(target);
    }
  }

  /**
   * Two columns whose values must not be out of order when both are present: dates (entry before
   * exit) or grades (low before high).
   */
  public record Order(String earlier, String later, String what) {}
}
