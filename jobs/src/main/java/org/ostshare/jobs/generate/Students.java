package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.schema.Cols.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One row per student with everything later domains draw on: identity and demographics, the latent
 * ability and absence propensity, life events (leaving, moving) and summer-programme selection.
 * Every value is a hash draw keyed by the student's index.
 *
 * <p>A few students are deliberate namesakes: they share first name, last name and birth date with
 * another student (their identity draws use the other's index), so that roster matching on name and
 * birth date has ambiguous cases to find.
 */
final class Students {
  static final String IDX = "idx";
  static final String IDENT = "ident";
  static final String G1 = "g1";
  static final String ABILITY = "ability";
  static final String READ_Z = "read_z";
  static final String ABS_Z = "abs_z";
  static final String R_ABS = "r_abs";
  static final String R_TARDY = "r_tardy";
  static final String R_EARLY = "r_early";
  static final String GROWTH_MATH = "growth_math";
  static final String GROWTH_READ = "growth_read";
  static final String LEAVE_YEAR = "leave_year";
  static final String LEAVE_IDX = "leave_idx";
  static final String HOME = "home";
  static final String AFTERSCHOOL_KID = "afterschool_kid";
  static final String NAMESAKE = "namesake";

  private Students() {}

  /** Number of namesake pairs: about one per thousand students, at least two. */
  static long namesakes(long students) {
    return Math.max(2, Math.min(students / 4, students / 1000));
  }

  /** Namesakes are the last students by index; each copies the identity of one half-way back. */
  static Column namesake(Column idx, long students) {
    return idx.geq(students - namesakes(students));
  }

  static Dataset<Row> base(SparkSession spark, Draws d, int students, Timeline time) {
    long pairs = namesakes(students);
    Column idx = col("id");
    Column namesake = namesake(idx, students);
    Column ident = when(namesake, idx.minus(students / 2)).otherwise(idx);
    Dataset<Row> s =
        spark
            .range(students)
            .withColumn(NAMESAKE, namesake)
            .withColumn(IDENT, ident)
            .withColumnRenamed("id", IDX);
    Column i = col(IDX);
    Column id = col(IDENT);
    s =
        s.withColumn(STUDENT_ID, lit(100000001L).plus(i).cast("string"))
            // -1 = enters kindergarten in the second year; 12 = graduates after the first
            .withColumn(G1, d.below("grade", lit(14), id).minus(1))
            .withColumn(
                GENDER, d.weighted("gender", List.of("F", "M", "X"), new double[] {0.49, 0.5}, id))
            .withColumn(
                FIRST_NAME,
                when(col(GENDER).equalTo("F"), d.pick("first-f", Names.FEMALE, id))
                    .when(col(GENDER).equalTo("M"), d.pick("first-m", Names.MALE, id))
                    .otherwise(d.pick("first-x", Names.UNISEX, id)))
            .withColumn(LAST_NAME, d.pick("last", Names.LAST, id))
            .withColumn(
                MIDDLE_NAME,
                when(d.chance("has-middle", lit(0.6), i), d.pick("middle", Names.MALE, i)))
            .withColumn(
                BIRTH_DATE,
                date_add(
                    make_date(lit(time.first - 7).minus(col(G1)), lit(9), lit(1)),
                    d.below("birth", lit(365), id)))
            .withColumn(
                RACE_ETHNICITY,
                when(
                    not(d.chance("race-missing", lit(0.03), i)),
                    d.weighted(
                        "race",
                        List.of(
                            "BLACK",
                            "WHITE",
                            "MULTIRACIAL",
                            "HISPANIC",
                            "ASIAN",
                            "AMERICAN_INDIAN_ALASKA_NATIVE",
                            "NATIVE_HAWAIIAN_PACIFIC_ISLANDER"),
                        new double[] {0.50, 0.33, 0.09, 0.045, 0.03, 0.003, 0.002},
                        i)))
            .withColumn(ECONOMICALLY_DISADVANTAGED, d.chance("econ", lit(0.6), i))
            .withColumn(
                ENGLISH_LEARNER,
                d.chance(
                    "ell",
                    when(col(RACE_ETHNICITY).isin("HISPANIC", "ASIAN"), lit(0.35)).otherwise(0.065),
                    i))
            .withColumn(DISABILITY, d.chance("disability", lit(0.16), i))
            .withColumn(ADDRESS, address(d, i))
            .withColumn(
                PHONE,
                when(
                    not(d.chance("phone-missing", lit(0.05), i)),
                    format_string(
                        "412-%03d-%04d",
                        d.below("phone-a", lit(800), i).plus(200),
                        d.below("phone-b", lit(10000), i))));
    Column econ = col(ECONOMICALLY_DISADVANTAGED).cast("double");
    s =
        s.withColumn(ABILITY, d.normal("ability", i).minus(econ.multiply(0.3)).plus(0.18))
            .withColumn(
                READ_Z, col(ABILITY).multiply(0.75).plus(d.normal("reading", i).multiply(0.66)))
            .withColumn(GROWTH_MATH, d.normal("growth-math", i))
            .withColumn(GROWTH_READ, d.normal("growth-read", i))
            .withColumn(
                ABS_Z, d.normal("absence", i).multiply(0.85).minus(col(ABILITY).multiply(0.3)))
            // log-normal absence rate, higher for disadvantaged students and in high school
            .withColumn(
                R_ABS,
                least(
                    lit(0.6),
                    exp(
                        lit(Math.log(0.042))
                            .plus(econ.multiply(0.45))
                            .plus(col(ABS_Z).multiply(0.72))
                            .plus(when(col(G1).geq(8), 0.25).otherwise(0.0)))))
            .withColumn(R_TARDY, exp(d.normal("tardy", i).multiply(0.6)).multiply(0.025))
            .withColumn(R_EARLY, exp(d.normal("early", i).multiply(0.5)).multiply(0.012))
            .withColumn(
                LEAVE_YEAR,
                when(d.chance("leave", lit(0.012), i), lit(time.first))
                    .when(d.chance("leave", lit(0.024), i), lit(time.second)))
            .withColumn(LEAVE_IDX, d.below("leave-day", lit(140), i).plus(20))
            .withColumn(HOME, d.uniform("home", i))
            .withColumn(AFTERSCHOOL_KID, d.chance("afterschool", econ.multiply(0.04).plus(0.2), i));
    return s;
  }

  private static Column address(Draws d, Column i) {
    Column street =
        format_string(
            "%d %s", d.below("house", lit(4000), i).plus(1), d.pick("street", Names.STREETS, i));
    Column unit =
        when(
                d.chance("has-unit", lit(0.15), i),
                format_string(", Apt %d", d.below("unit", lit(30), i).plus(1)))
            .otherwise(lit(""));
    Column address =
        concat(
            street,
            unit,
            format_string(", Pittsburgh, PA 152%02d", d.below("zip", lit(40), i).plus(1)));
    return when(not(d.chance("address-missing", lit(0.02), i)), address);
  }

  /** The students domain. */
  static Dataset<Row> rows(Dataset<Row> base) {
    return base.select(
        col(STUDENT_ID),
        col(FIRST_NAME),
        col(MIDDLE_NAME),
        col(LAST_NAME),
        col(BIRTH_DATE),
        col(GENDER),
        col(RACE_ETHNICITY),
        col(ECONOMICALLY_DISADVANTAGED),
        col(ENGLISH_LEARNER),
        col(DISABILITY),
        col(ADDRESS),
        col(PHONE));
  }

  /**
   * Opt-outs: about 3% of parents opt out of directory information and 1% of all sharing, on a day
   * between the start of the first year and as-of; a few withdraw it later.
   */
  static Dataset<Row> optOuts(Dataset<Row> base, Draws d, Timeline time) {
    Column i = col(IDX);
    Column u = d.uniform("opt-out", i);
    java.time.LocalDate start = java.time.LocalDate.of(time.first - 1, 7, 1);
    int span = (int) (time.asOf.toEpochDay() - start.toEpochDay());
    Column effective = date_add(lit(start), d.below("opt-out-day", lit(span + 1), i));
    Column revokeDay =
        date_add(effective, d.below("opt-out-revoke-day", lit(span + 1), i).plus(30));
    return base.filter(u.lt(0.04))
        .select(
            col(STUDENT_ID),
            when(u.lt(0.03), lit("DIRECTORY")).otherwise(lit("ALL_SHARING")).as(OPT_OUT_TYPE),
            effective.as(EFFECTIVE_DATE),
            when(
                    d.chance("opt-out-revoked", lit(0.1), i).and(revokeDay.leq(lit(time.asOf))),
                    revokeDay)
                .as(REVOKED_DATE));
  }
}
