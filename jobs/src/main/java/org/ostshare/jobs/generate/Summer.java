package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Cols;
import org.ostshare.jobs.settings.GenerateSettings;

/**
 * Who goes to the summer camp between the two years, how much, and the planted effect.
 *
 * <p>Selection is deliberately not random, as in real programmes: enrolment is likelier for
 * economically disadvantaged students and for lower spring scores; among enrollees, no-shows are
 * likelier with a high absence propensity, and days attended rise with the spring score and fall
 * with absence propensity. The naive participant/non-participant gap is therefore biased; a
 * regression of the fall score on the spring score and demographics recovers the planted effect.
 */
final class Summer {
  static final String ELIGIBLE = "summer_eligible";
  static final String ENROLLED = "summer_enrolled";
  static final String SITE = "summer_site";
  static final String DAYS = "summer_days";
  static final String DOSE = "summer_dose";

  /** Planted effect on the fall score, in SD of the grade's fall score (0 for non-participants). */
  static final String EFFECT = "summer_effect";

  static final String SPRING_Z = "spring_z";

  /** Days attended from which an attender counts as high (RAND: 20+). */
  static final int HIGH_DAYS = 20;

  private Summer() {}

  static Dataset<Row> select(
      Dataset<Row> base, Draws d, Timeline time, GenerateSettings settings, int sites) {
    Column i = col(Students.IDX);
    Column g1 = greatest(col(Students.G1), lit(0));
    Column econ = col(Cols.ECONOMICALLY_DISADVANTAGED).cast("double");
    Column zMath =
        springZ(d, time, i, g1, Scores.MATH, col(Students.ABILITY), col(Students.GROWTH_MATH));
    Column zRead =
        springZ(d, time, i, g1, Scores.READING, col(Students.READ_Z), col(Students.GROWTH_READ));
    int campDays = time.campDays.size();
    Column eligible =
        lit(time.campHeld())
            .and(col(Students.G1).between(0, 7))
            .and(coalesce(col(Students.LEAVE_YEAR).notEqual(time.first), lit(true)));
    Column pEnrol =
        Draws.sigmoid(lit(-2.6).plus(econ.multiply(0.7)).minus(col(SPRING_Z).multiply(0.5)));
    Column noShow =
        d.chance(
            "summer-no-show", Draws.sigmoid(lit(-1.9).plus(col(Students.ABS_Z).multiply(0.5))), i);
    Column frac =
        Draws.sigmoid(
            lit(1.0)
                .plus(col(SPRING_Z).multiply(0.5))
                .minus(col(Students.ABS_Z).multiply(0.7))
                .plus(d.normal("summer-frac", i).multiply(0.8)));
    Column days =
        when(
                col(ENROLLED).and(not(noShow)),
                Draws.clamp(round(frac.multiply(campDays)), 1, campDays))
            .when(col(ENROLLED), lit(0))
            .cast("int");
    Column dose =
        when(not(col(ENROLLED)), lit("NONE"))
            .when(col(DAYS).equalTo(0), lit("NO_SHOW"))
            .when(col(DAYS).lt(HIGH_DAYS), lit("LOW"))
            .otherwise(lit("HIGH"));
    Column effect =
        when(col(DOSE).equalTo("HIGH"), lit(settings.effectHigh()))
            .when(col(DOSE).equalTo("LOW"), lit(settings.effectLow()))
            .when(col(DOSE).equalTo("NO_SHOW"), lit(settings.effectNoShow()))
            .otherwise(lit(0.0));
    return base.withColumn(SPRING_Z, zMath.plus(zRead).divide(2))
        .withColumn(ELIGIBLE, eligible)
        .withColumn(ENROLLED, eligible.and(d.chance("summer-enrol", pEnrol, i)))
        .withColumn(SITE, d.below("summer-site", lit(sites), i))
        .withColumn(DAYS, days)
        .withColumn(DOSE, dose)
        .withColumn(EFFECT, effect);
  }

  /** Last spring's observed score as a z within grade: the same draw the test row gets. */
  private static Column springZ(
      Draws d, Timeline time, Column i, Column g1, String subject, Column z, Column growth) {
    Column s = lit(subject);
    Column observed =
        round(
            Scores.status(s, g1, lit(1.0), z, growth)
                .plus(Scores.measurementError(d, i, lit(time.first), lit("SPRING"), s)));
    return observed.minus(Scores.spring(s, g1)).divide(Scores.sd(s, g1));
  }
}
