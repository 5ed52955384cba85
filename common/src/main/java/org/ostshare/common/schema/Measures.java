package org.ostshare.common.schema;

/** Names of the report-card measures (columns of the report-card {@link SharedDomain}s). */
public final class Measures {
  private Measures() {}

  public static final String SPAN = "span";
  public static final String YEAR_TO_DATE = "YEAR_TO_DATE";
  public static final String PERIOD_SPAN = "PERIOD";

  public static final String DAYS_ENROLLED = "days_enrolled";
  public static final String DAYS_PRESENT = "days_present";
  public static final String DAYS_ABSENT = "days_absent";
  public static final String EXCUSED_ABSENCES = "excused_absences";
  public static final String UNEXCUSED_ABSENCES = "unexcused_absences";
  public static final String SUSPENSION_ABSENCES = "suspension_absences";
  public static final String TARDIES = "tardies";
  public static final String EARLY_DEPARTURES = "early_departures";
  public static final String ATTENDANCE_RATE = "attendance_rate";
  public static final String CHRONICALLY_ABSENT = "chronically_absent";
  public static final String CHRONIC_ABSENCE_TIER = "chronic_absence_tier";

  public static final String PREVIOUS_SCALE_SCORE = "previous_scale_score";
  public static final String GROWTH = "growth";

  public static final String BELOW_PASSING = "below_passing";

  public static final String SUSPENSIONS = "suspensions";
  public static final String DAYS_SUSPENDED = "days_suspended";

  public static final String DAYS_ATTENDED = "days_attended";
  public static final String HOURS_ATTENDED = "hours_attended";
}
