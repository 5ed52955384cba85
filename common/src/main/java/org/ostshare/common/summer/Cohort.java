package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Cols;

/**
 * The summer-learning cohort: one row per student, assessment and subject with a spring score in
 * school year Y and a fall score in Y + 1 on the same assessment and subject, with the student's
 * grade and school in Y (their latest enrolment that year), demographics, summer change,
 * school-year gain, share of the gain lost and z-scores.
 */
public final class Cohort {
  private Cohort() {}

  private static final String SPRING = "SPRING";
  private static final String FALL = "FALL";

  /**
   * @param year school year Y of the spring score, by its ending year (2025 = 2024-25)
   * @param assessmentIds assessments to use; empty means every assessment
   * @param keep applied to the scored rows before the z-scores' norms are computed from them and
   *     joined back to them: a caller that caches here computes the joins of scores, placements and
   *     students once instead of twice
   */
  public static Dataset<Row> build(
      Dataset<Row> assessments,
      Dataset<Row> enrollments,
      Dataset<Row> students,
      int year,
      List<String> assessmentIds,
      UnaryOperator<Dataset<Row>> keep) {
    Dataset<Row> spring =
        scores(assessments, SPRING, year, assessmentIds)
            .withColumnRenamed("_date", SummerCols.SPRING_DATE)
            .withColumnRenamed("_score", SummerCols.SPRING_SCORE);
    Dataset<Row> fall =
        scores(assessments, FALL, year + 1, assessmentIds)
            .withColumnRenamed("_date", SummerCols.FALL_DATE)
            .withColumnRenamed("_score", SummerCols.FALL_SCORE);
    Dataset<Row> priorFall =
        scores(assessments, FALL, year, assessmentIds)
            .drop("_date")
            .withColumnRenamed("_score", SummerCols.PRIOR_FALL_SCORE);
    String[] key = {Cols.STUDENT_ID, Cols.ASSESSMENT_ID, Cols.SUBJECT};

    Dataset<Row> placement =
        enrollments
            .filter(col(Cols.SCHOOL_YEAR).equalTo(year))
            .groupBy(Cols.STUDENT_ID)
            .agg(
                max_by(struct(col(Cols.SCHOOL_ID), col(Cols.GRADE_LEVEL)), col(Cols.ENTRY_DATE))
                    .as("_at"))
            .select(
                col(Cols.STUDENT_ID),
                col("_at." + Cols.SCHOOL_ID).as(Cols.SCHOOL_ID),
                col("_at." + Cols.GRADE_LEVEL).as(Cols.GRADE_LEVEL));

    Dataset<Row> people =
        students.select(
            col(Cols.STUDENT_ID),
            col(Cols.BIRTH_DATE),
            year(col(Cols.BIRTH_DATE)).as(SummerCols.BIRTH_YEAR),
            col(Cols.GENDER),
            col(Cols.RACE_ETHNICITY),
            col(Cols.ECONOMICALLY_DISADVANTAGED),
            col(Cols.ENGLISH_LEARNER),
            col(Cols.DISABILITY));

    Dataset<Row> cohort =
        spring
            .join(fall, scala(key))
            .join(priorFall, scala(key), "left")
            .join(placement, Cols.STUDENT_ID)
            .join(people, Cols.STUDENT_ID);
    return withZScores(keep.apply(withChange(cohort)));
  }

  /**
   * Summer change, school-year gain and the share of the gain lost (where the gain is positive).
   */
  public static Dataset<Row> withChange(Dataset<Row> cohort) {
    Column change = col(SummerCols.FALL_SCORE).minus(col(SummerCols.SPRING_SCORE));
    Column gain = col(SummerCols.SPRING_SCORE).minus(col(SummerCols.PRIOR_FALL_SCORE));
    return cohort
        .withColumn(SummerCols.SUMMER_CHANGE, change)
        .withColumn(SummerCols.SCHOOL_YEAR_GAIN, gain)
        .withColumn(
            SummerCols.SHARE_OF_GAIN_LOST, when(gain.gt(0), change.multiply(-1).divide(gain)));
  }

  /**
   * z-scores of the spring and fall score within assessment, subject and grade (each window on its
   * own), over the cohort: one small aggregate joined back, no window over all rows.
   */
  public static Dataset<Row> withZScores(Dataset<Row> cohort) {
    String[] by = {Cols.ASSESSMENT_ID, Cols.SUBJECT, Cols.GRADE_LEVEL};
    Dataset<Row> norms =
        cohort
            .groupBy(by[0], by[1], by[2])
            .agg(
                avg(SummerCols.SPRING_SCORE).as("_spring_mean"),
                stddev_samp(SummerCols.SPRING_SCORE).as("_spring_sd"),
                avg(SummerCols.FALL_SCORE).as("_fall_mean"),
                stddev_samp(SummerCols.FALL_SCORE).as("_fall_sd"));
    return cohort
        .join(broadcast(norms), scala(by))
        .withColumn(SummerCols.SPRING_Z, z(SummerCols.SPRING_SCORE, "_spring_mean", "_spring_sd"))
        .withColumn(SummerCols.FALL_Z, z(SummerCols.FALL_SCORE, "_fall_mean", "_fall_sd"))
        .drop("_spring_mean", "_spring_sd", "_fall_mean", "_fall_sd");
  }

  private static Column z(String score, String mean, String sd) {
    return when(col(sd).gt(0), col(score).minus(col(mean)).divide(col(sd))).otherwise(lit(0.0));
  }

  /** The latest score per student, assessment and subject in one window of one school year. */
  static Dataset<Row> scores(
      Dataset<Row> assessments, String window, int schoolYear, List<String> assessmentIds) {
    Dataset<Row> a =
        assessments.filter(
            col(Cols.ASSESSMENT_WINDOW)
                .equalTo(window)
                .and(col(Cols.SCHOOL_YEAR).equalTo(schoolYear))
                .and(col(Cols.SCALE_SCORE).isNotNull()));
    if (!assessmentIds.isEmpty()) {
      a = a.filter(col(Cols.ASSESSMENT_ID).isin(assessmentIds.toArray()));
    }
    return a.groupBy(Cols.STUDENT_ID, Cols.ASSESSMENT_ID, Cols.SUBJECT)
        .agg(
            max(Cols.ADMINISTRATION_DATE).as("_date"),
            max_by(col(Cols.SCALE_SCORE).cast("double"), col(Cols.ADMINISTRATION_DATE))
                .as("_score"));
  }

  static scala.collection.immutable.Seq<String> scala(String... cols) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(cols)).toList();
  }
}
