package org.ostshare.common.summer;

/** Column names of the summer-learning analysis frame and its outputs, declared once. */
public final class SummerCols {
  private SummerCols() {}

  public static final String SPRING_DATE = "spring_date";
  public static final String SPRING_SCORE = "spring_score";
  public static final String FALL_DATE = "fall_date";
  public static final String FALL_SCORE = "fall_score";

  /** Fall score of the spring's own school year (for the school-year gain); may be null. */
  public static final String PRIOR_FALL_SCORE = "prior_fall_score";

  public static final String SUMMER_CHANGE = "summer_change";
  public static final String SCHOOL_YEAR_GAIN = "school_year_gain";
  public static final String SHARE_OF_GAIN_LOST = "share_of_gain_lost";
  public static final String SPRING_Z = "spring_z";
  public static final String FALL_Z = "fall_z";

  /** Start and end of the summer window: the student's last spring and first fall test date. */
  public static final String WINDOW_START = "summer_window_start";

  public static final String WINDOW_END = "summer_window_end";

  public static final String PROGRAM_ENROLLED = "summer_program_enrolled";
  public static final String PROGRAM_DAYS = "summer_program_days";
  public static final String PROGRAM_HOURS = "summer_program_hours";

  /** Dosage group by days attended. */
  public static final String DOSAGE_GROUP = "dosage_group";

  /** Dosage group by hours attended (subject thresholds). */
  public static final String DOSAGE_GROUP_HOURS = "dosage_group_hours";

  public static final String BIRTH_YEAR = "birth_year";
  public static final String RESEARCH_ID = "research_id";

  // fall attendance outcome
  public static final String DAYS_ENROLLED = "fall_days_enrolled";
  public static final String DAYS_ABSENT = "fall_days_absent";
  public static final String CHRONICALLY_ABSENT = "fall_chronically_absent";

  // aggregate tables
  public static final String BASIS = "dosage_basis";
  public static final String VARIABLE = "subgroup_variable";
  public static final String VALUE = "subgroup_value";
  public static final String N = "n";
}
