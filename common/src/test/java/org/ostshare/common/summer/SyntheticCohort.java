package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.schema.Cols;

/**
 * An in-memory summer-learning cohort with a planted effect and realistic selection, built from
 * {@code spark.range} and hash-based uniforms and normals (no randomness outside the seed):
 *
 * <ul>
 *   <li>ability z ~ N(0,1); spring = 190 + 8·grade + 14·z + N(0, 5²) − 4·econ + school effect (SD
 *       3)
 *   <li>enrolment in a summer programme is likelier for low scorers and economically disadvantaged
 *       students; of the enrolled, 15% never come, and high attendance (20-29 days) is likelier
 *       again for low scorers and disadvantaged students, the rest attend 1-19 days
 *   <li>fall = spring − 3 + school effect + N(0, 6²) + effect · {@link #SD_FALL} by group
 * </ul>
 *
 * The fall score's within-grade SD is √(14² + 5² + 4²/4 + (2·3)² + 6²) ≈ {@value #SD_FALL}.
 */
public final class SyntheticCohort {
  /** Within-grade SD of the fall score the planted effects are expressed in. */
  public static final double SD_FALL = 17.2;

  private SyntheticCohort() {}

  /**
   * The analysis frame (cohort with dosage groups and z-scores), two subjects per student.
   *
   * @param district prefix of student and school ids (distinct districts, distinct ids)
   */
  public static Dataset<Row> frame(
      SparkSession spark,
      String district,
      long students,
      long seed,
      double effectHigh,
      double effectLow) {
    Dataset<Row> people =
        spark
            .range(students)
            .withColumn(Cols.STUDENT_ID, concat(lit(district + "-"), col("id").cast("string")))
            .withColumn("_school", pmod(xxhash64(col("id"), lit(seed), lit(99)), lit(30)))
            .withColumn(Cols.SCHOOL_ID, concat(lit(district + "-S"), col("_school").cast("string")))
            .withColumn("_school_effect", normal(col("_school"), seed + 1, 0).multiply(3))
            .withColumn("_g", pmod(xxhash64(col("id"), lit(seed), lit(5)), lit(6)))
            .withColumn(Cols.GRADE_LEVEL, col("_g").plus(3).cast("string"))
            .withColumn(Cols.ECONOMICALLY_DISADVANTAGED, u(col("id"), seed, 6).lt(0.5))
            .withColumn(Cols.ENGLISH_LEARNER, u(col("id"), seed, 7).lt(0.15))
            .withColumn(Cols.DISABILITY, u(col("id"), seed, 8).lt(0.15))
            .withColumn(Cols.GENDER, when(u(col("id"), seed, 9).lt(0.5), "F").otherwise("M"))
            .withColumn(
                Cols.RACE_ETHNICITY,
                when(u(col("id"), seed, 10).lt(0.45), "BLACK")
                    .when(u(col("id"), seed, 10).lt(0.85), "WHITE")
                    .when(u(col("id"), seed, 10).lt(0.92), "HISPANIC")
                    .otherwise("MULTIRACIAL"))
            .withColumn(SummerCols.BIRTH_YEAR, lit(2016).minus(col("_g")))
            .withColumn("_z", normal(col("id"), seed, 11))
            .withColumn("_econ", when(col(Cols.ECONOMICALLY_DISADVANTAGED), 1.0).otherwise(0.0))
            .withColumn(
                SummerCols.PROGRAM_ENROLLED,
                u(col("id"), seed, 14)
                    .lt(logistic(lit(-1.2).minus(col("_z").multiply(0.9)).plus(col("_econ")))))
            .withColumn(
                SummerCols.PROGRAM_DAYS,
                when(
                        col(SummerCols.PROGRAM_ENROLLED)
                            .isNull()
                            .or(col(SummerCols.PROGRAM_ENROLLED).equalTo(false)),
                        lit(0))
                    .when(u(col("id"), seed, 15).lt(0.15), lit(0))
                    .when(
                        u(col("id"), seed, 16)
                            .lt(
                                logistic(
                                    lit(0.2)
                                        .minus(col("_z").multiply(0.8))
                                        .plus(col("_econ").multiply(0.6)))),
                        lit(20).plus(floor(u(col("id"), seed, 17).multiply(10))))
                    .otherwise(lit(1).plus(floor(u(col("id"), seed, 17).multiply(19))))
                    .cast("int"))
            .withColumn(SummerCols.PROGRAM_HOURS, col(SummerCols.PROGRAM_DAYS).multiply(3.5))
            // cut the plan: the optimiser would otherwise inline these nested expressions
            // everywhere
            .localCheckpoint();

    Dataset<Row> rows =
        people
            .withColumn(
                "_subject",
                explode(org.apache.spark.sql.functions.array(lit("MATH"), lit("READING"))))
            .withColumn(Cols.SUBJECT, col("_subject"))
            .withColumn(Cols.ASSESSMENT_ID, lit("MAP-GROWTH"))
            .withColumn("_k", when(col("_subject").equalTo("MATH"), 0).otherwise(50))
            .withColumn(
                SummerCols.SPRING_SCORE,
                lit(190)
                    .plus(col("_g").multiply(8))
                    .plus(col("_z").multiply(14))
                    .plus(normal2(col("id"), seed, 12, col("_k")).multiply(5))
                    .minus(col("_econ").multiply(4))
                    .plus(col("_school_effect")))
            .withColumn(
                SummerCols.PRIOR_FALL_SCORE,
                col(SummerCols.SPRING_SCORE)
                    .minus(10)
                    .plus(normal2(col("id"), seed, 13, col("_k")).multiply(5)));

    Column days = col(SummerCols.PROGRAM_DAYS);
    Column effect =
        when(days.geq(20), lit(effectHigh)).when(days.geq(1), lit(effectLow)).otherwise(lit(0.0));
    Dataset<Row> scored =
        rows.withColumn(
                SummerCols.FALL_SCORE,
                col(SummerCols.SPRING_SCORE)
                    .minus(3)
                    .plus(col("_school_effect"))
                    .plus(normal2(col("id"), seed, 18, col("_k")).multiply(6))
                    .plus(effect.multiply(SD_FALL)))
            .localCheckpoint();

    Dataset<Row> frame =
        Cohort.withZScores(Cohort.withChange(scored))
            .drop("id", "_school", "_school_effect", "_g", "_z", "_econ", "_subject", "_k");
    // materialised once: tests reuse a frame many times, and its plan is deep
    return Dosage.assign(frame, DosageRules.defaults()).localCheckpoint();
  }

  /** Uniform in (0, 1) from a hash of a value, the seed and a stream number. */
  static Column u(Column id, long seed, int stream) {
    return pmod(xxhash64(id, lit(seed), lit(stream)), lit(1_000_003L))
        .plus(0.5)
        .divide(1_000_003.0);
  }

  static Column normal(Column id, long seed, int stream) {
    return sqrt(log(u(id, seed, stream)).multiply(-2))
        .multiply(cos(u(id, seed, stream + 1000).multiply(2 * Math.PI)));
  }

  static Column normal2(Column id, long seed, int stream, Column k) {
    return normal(concat(id.cast("string"), lit(":"), k.cast("string")), seed, stream);
  }

  static Column logistic(Column x) {
    return lit(1.0).divide(lit(1.0).plus(exp(x.multiply(-1))));
  }

  /** The subjects of the frame. */
  public static final List<String> SUBJECTS = List.of("MATH", "READING");
}
