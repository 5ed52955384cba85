package org.ostshare.jobs.analyse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.privacy.Pseudonym;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.summer.SummerCols;

/**
 * The row-level research extract: one row per student and subject of the cohort, de-identified. The
 * student id becomes a research pseudonym (HMAC-SHA256 under the district's research key); the
 * birth date becomes the birth year; names, addresses, phones and test dates are not carried.
 * Columns are an explicit allow-list, so a new frame column never leaks by default.
 */
public final class ResearchExtract {
  private ResearchExtract() {}

  /** Columns of the extract besides the pseudonym, in order. */
  public static final List<String> COLUMNS =
      List.of(
          SummerCols.BIRTH_YEAR,
          Cols.GENDER,
          Cols.RACE_ETHNICITY,
          Cols.ECONOMICALLY_DISADVANTAGED,
          Cols.ENGLISH_LEARNER,
          Cols.DISABILITY,
          Cols.GRADE_LEVEL,
          Cols.SCHOOL_ID,
          Cols.ASSESSMENT_ID,
          Cols.SUBJECT,
          SummerCols.PRIOR_FALL_SCORE,
          SummerCols.SPRING_SCORE,
          SummerCols.FALL_SCORE,
          SummerCols.SUMMER_CHANGE,
          SummerCols.SCHOOL_YEAR_GAIN,
          SummerCols.SHARE_OF_GAIN_LOST,
          SummerCols.SPRING_Z,
          SummerCols.FALL_Z,
          SummerCols.PROGRAM_ENROLLED,
          SummerCols.PROGRAM_DAYS,
          SummerCols.PROGRAM_HOURS,
          SummerCols.DOSAGE_GROUP,
          SummerCols.DOSAGE_GROUP_HOURS,
          SummerCols.DAYS_ENROLLED,
          SummerCols.DAYS_ABSENT,
          SummerCols.CHRONICALLY_ABSENT);

  /** Quasi-identifiers checked for rare combinations. */
  public static final List<String> QUASI_IDENTIFIERS =
      List.of(
          Cols.GRADE_LEVEL,
          Cols.GENDER,
          Cols.RACE_ETHNICITY,
          SummerCols.BIRTH_YEAR,
          Cols.SCHOOL_ID);

  public static Dataset<Row> rows(Dataset<Row> frame, byte[] key) {
    Column[] cols = new Column[COLUMNS.size() + 1];
    cols[0] = Pseudonym.column(key, col(Cols.STUDENT_ID)).as(SummerCols.RESEARCH_ID);
    for (int i = 0; i < COLUMNS.size(); i++) {
      cols[i + 1] = col(COLUMNS.get(i));
    }
    return frame.select(cols);
  }

  /**
   * Combinations of quasi-identifiers shared by fewer than k students (a disclosure-review report
   * kept in the district, not part of the extract).
   */
  public static Dataset<Row> rareCombinations(Dataset<Row> extract, int k) {
    Column[] by = QUASI_IDENTIFIERS.stream().map(c -> col(c)).toArray(Column[]::new);
    return extract
        .groupBy(by)
        .agg(countDistinct(SummerCols.RESEARCH_ID).as("students"))
        .filter(col("students").lt(k))
        .orderBy(by);
  }
}
