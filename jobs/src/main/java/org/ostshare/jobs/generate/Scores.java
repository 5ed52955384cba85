package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;

/**
 * The MAP-like score model: a vertical RIT scale with grade norms (means and SDs roughly those of
 * NWEA's 2020 norms), a latent ability per student and subject, individual growth, measurement
 * error, and a summer change of about -0.1 SD plus the planted programme effect.
 *
 * <pre>
 * status(grade, share) = fall[g] + share * (spring[g] - fall[g]) * (1 + 0.25 growth) + 0.95 sd[g] z
 * fall of year 2       = true spring of year 1 + sd[g+1] * (-0.1 + 0.25 e + effect(dosage))
 * observed             = round(status + 3 e')
 * </pre>
 */
final class Scores {
  private Scores() {}

  static final String MATH = "MATH";
  static final String READING = "READING";
  static final String ASSESSMENT = "MAP-GROWTH";

  /** Mean summer change of non-participants, in SD of the next grade's fall score. */
  static final double SUMMER_CHANGE_SD = -0.10;

  static final double SUMMER_NOISE_SD = 0.25;
  static final double MEASUREMENT_ERROR = 3.0;

  // grades K..12
  static final double[] MATH_FALL = {
    140, 160, 174, 187, 198, 207, 212, 217, 221, 224, 226, 228, 229
  };
  static final double[] MATH_SPRING = {
    159, 177, 190, 201, 211, 219, 221, 226, 229, 230, 232, 234, 235
  };
  static final double[] MATH_SD = {12.5, 13, 13, 13.5, 14.5, 15.5, 16, 17, 17.5, 18, 18.5, 19, 19};
  static final double[] READ_FALL = {
    137, 156, 172, 187, 198, 206, 211, 215, 218, 219, 221, 222, 223
  };
  static final double[] READ_SPRING = {
    155, 172, 186, 198, 206, 212, 216, 218, 221, 221, 223, 224, 225
  };
  static final double[] READ_SD = {12, 14, 15, 15.5, 15.5, 15.5, 15.5, 15.5, 16, 16.5, 17, 17, 17};

  private static Column at(double[] values, Column grade) {
    return element_at(lit(values), grade.plus(1));
  }

  static Column fall(Column subject, Column grade) {
    return when(subject.equalTo(MATH), at(MATH_FALL, grade)).otherwise(at(READ_FALL, grade));
  }

  static Column spring(Column subject, Column grade) {
    return when(subject.equalTo(MATH), at(MATH_SPRING, grade)).otherwise(at(READ_SPRING, grade));
  }

  static Column sd(Column subject, Column grade) {
    return when(subject.equalTo(MATH), at(MATH_SD, grade)).otherwise(at(READ_SD, grade));
  }

  /** The norm mean at a point of the year (share 0 = fall, 1 = spring). */
  static Column norm(Column subject, Column grade, Column share) {
    return fall(subject, grade)
        .plus(share.multiply(spring(subject, grade).minus(fall(subject, grade))));
  }

  /** Expected score at a point of the year for a student at latent z with growth g. */
  static Column status(Column subject, Column grade, Column share, Column z, Column growth) {
    Column gain = spring(subject, grade).minus(fall(subject, grade));
    return fall(subject, grade)
        .plus(share.multiply(gain).multiply(lit(1.0).plus(growth.multiply(0.25))))
        .plus(sd(subject, grade).multiply(z).multiply(0.95));
  }

  /** Summer change in SD units of the next fall, before the programme effect. */
  static Column summerChange(Draws d, Column idx, Column subject) {
    return lit(SUMMER_CHANGE_SD)
        .plus(d.normal("summer-change", idx, subject).multiply(SUMMER_NOISE_SD));
  }

  static Column measurementError(Draws d, Column idx, Column year, Column window, Column subject) {
    return d.normal("sem", idx, year, window, subject).multiply(MEASUREMENT_ERROR);
  }

  static Column percentile(Column score, Column subject, Column grade, Column share) {
    Column z = score.minus(norm(subject, grade, share)).divide(sd(subject, grade));
    return Draws.clamp(round(Draws.normalCdf(z).multiply(100)), 1, 99).cast("int");
  }

  static Column level(Column percentile) {
    return when(percentile.lt(25), lit("BELOW_BASIC"))
        .when(percentile.lt(50), lit("BASIC"))
        .when(percentile.lt(75), lit("PROFICIENT"))
        .otherwise(lit("ADVANCED"));
  }
}
