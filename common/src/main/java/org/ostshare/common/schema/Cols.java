package org.ostshare.common.schema;

/** Canonical column names, declared once. Code refers to columns only through these. */
public final class Cols {
  private Cols() {}

  // identifiers
  public static final String STUDENT_ID = "student_id";
  public static final String SCHOOL_ID = "school_id";
  public static final String PARTNER_ID = "partner_id";
  public static final String PROGRAM_ID = "program_id";
  public static final String INCIDENT_ID = "incident_id";
  public static final String ASSESSMENT_ID = "assessment_id";

  // schools
  public static final String SCHOOL_NAME = "school_name";
  public static final String SCHOOL_TYPE = "school_type";
  public static final String LOW_GRADE = "low_grade";
  public static final String HIGH_GRADE = "high_grade";

  // calendar
  public static final String SCHOOL_YEAR = "school_year";
  public static final String CALENDAR_DATE = "calendar_date";
  public static final String CALENDAR_EVENT = "calendar_event";

  // students
  public static final String FIRST_NAME = "first_name";
  public static final String MIDDLE_NAME = "middle_name";
  public static final String LAST_NAME = "last_name";
  public static final String BIRTH_DATE = "birth_date";
  public static final String GENDER = "gender";
  public static final String RACE_ETHNICITY = "race_ethnicity";
  public static final String ECONOMICALLY_DISADVANTAGED = "economically_disadvantaged";
  public static final String ENGLISH_LEARNER = "english_learner";
  public static final String DISABILITY = "disability";
  public static final String ADDRESS = "address";
  public static final String PHONE = "phone";

  // opt-outs and consents
  public static final String OPT_OUT_TYPE = "opt_out_type";
  public static final String EFFECTIVE_DATE = "effective_date";
  public static final String REVOKED_DATE = "revoked_date";
  public static final String GRANTED_DATE = "granted_date";

  // enrolments
  public static final String GRADE_LEVEL = "grade_level";
  public static final String ENTRY_DATE = "entry_date";
  public static final String EXIT_DATE = "exit_date";

  // attendance
  public static final String EVENT_DATE = "event_date";
  public static final String ATTENDANCE_EVENT = "attendance_event";
  public static final String EVENT_DURATION = "event_duration";

  // assessments
  public static final String SUBJECT = "subject";
  public static final String ASSESSMENT_WINDOW = "assessment_window";
  public static final String ADMINISTRATION_DATE = "administration_date";
  public static final String SCALE_SCORE = "scale_score";
  public static final String PERCENTILE = "percentile";
  public static final String PERFORMANCE_LEVEL = "performance_level";

  // grades
  public static final String GRADING_PERIOD = "grading_period";
  public static final String COURSE_CODE = "course_code";
  public static final String COURSE_TITLE = "course_title";
  public static final String MARK = "mark";
  public static final String NUMERIC_GRADE = "numeric_grade";

  // discipline
  public static final String INCIDENT_DATE = "incident_date";
  public static final String ACTION = "action";
  public static final String ACTION_DAYS = "action_days";

  // partners and programmes
  public static final String PARTNER_NAME = "partner_name";
  public static final String STATUS = "status";
  public static final String REVIEW_DATE = "review_date";
  public static final String BOARD_APPROVAL_DATE = "board_approval_date";
  public static final String SUSPENDED_DATE = "suspended_date";
  public static final String EXPIRY_DATE = "expiry_date";
  public static final String PROGRAM_NAME = "program_name";
  public static final String PROGRAM_TYPE = "program_type";
  public static final String BEGIN_DATE = "begin_date";
  public static final String END_DATE = "end_date";
  public static final String PLANNED_DAYS = "planned_days";
  public static final String PLANNED_HOURS = "planned_hours";
  public static final String ATTENDANCE_DATE = "attendance_date";
  public static final String HOURS = "hours";

  /** Every conformed table carries the ingest period its rows were loaded for. */
  public static final String PERIOD = "period";
}
