package org.ostshare.common.summer;

import java.io.Serializable;
import java.util.List;
import org.ostshare.common.schema.Cols;

/**
 * A cell of the summer-learning tables and its statistics. {@code ALL} in grade, group or value
 * marks a margin.
 *
 * @param basis DAYS or HOURS (which dosage grouping)
 * @param variable subgroup variable (ALL, economically_disadvantaged, ...)
 * @param value its value (ALL, true, false, a race, a gender, UNKNOWN)
 */
public record Cell(
    String subject,
    String basis,
    String variable,
    String value,
    String grade,
    String group,
    CellStats stats)
    implements Serializable {

  public static final String ALL = "ALL";
  public static final String DAYS = "DAYS";
  public static final String HOURS = "HOURS";

  /** Names of the key columns, in order. */
  public static final List<String> KEYS =
      List.of(
          Cols.SUBJECT,
          SummerCols.BASIS,
          SummerCols.VARIABLE,
          SummerCols.VALUE,
          Cols.GRADE_LEVEL,
          SummerCols.DOSAGE_GROUP);

  public Key key() {
    return new Key(subject, basis, variable, value, grade, group);
  }

  public record Key(
      String subject, String basis, String variable, String value, String grade, String group)
      implements Serializable {
    public List<String> values() {
      return List.of(subject, basis, variable, value, grade, group);
    }
  }
}
