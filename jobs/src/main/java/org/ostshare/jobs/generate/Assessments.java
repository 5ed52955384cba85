package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.schema.Cols.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * MAP-like test scores (see {@link Scores} for the model): MATH and READING in each window a
 * student is enrolled for, on a test day drawn inside the window, up to as-of; about 4% of tests
 * are missed.
 */
final class Assessments {
  static final String SHARE = "share";
  static final String WINDOW_CODE = "window_code";

  private Assessments() {}

  static Dataset<Row> rows(Dataset<Row> segments, Draws d, Timeline time) {
    Column i = col(Students.IDX);
    Column year = col(Enrollments.YEAR);
    List<Column> windows = new ArrayList<>();
    for (Timeline.Window w : Timeline.WINDOWS) {
      windows.add(
          struct(
              lit(w.code()).as("code"),
              lit(w.lo()).as("lo"),
              lit(w.hi()).as("hi"),
              lit(w.share()).as("share")));
    }
    Dataset<Row> tests =
        segments
            .withColumn("w", explode(array(windows.toArray(Column[]::new))))
            .withColumn(WINDOW_CODE, col("w.code"))
            .withColumn(SHARE, col("w.share"))
            .withColumn(
                "test_idx",
                col("w.lo")
                    .plus(
                        d.below(
                            "test-day",
                            col("w.hi").minus(col("w.lo")).plus(1),
                            i,
                            year,
                            col(WINDOW_CODE))))
            .filter(
                col("test_idx")
                    .between(col(Enrollments.START), col(Enrollments.LAST))
                    .and(not(d.chance("test-missed", lit(0.04), i, year, col(WINDOW_CODE)))))
            .withColumn(SUBJECT, explode(array(lit(Scores.MATH), lit(Scores.READING))));
    Column subject = col(SUBJECT);
    Column grade = col(Enrollments.GRADE);
    Column z =
        when(subject.equalTo(Scores.MATH), col(Students.ABILITY)).otherwise(col(Students.READ_Z));
    Column growth =
        when(subject.equalTo(Scores.MATH), col(Students.GROWTH_MATH))
            .otherwise(col(Students.GROWTH_READ));
    Column share = col(SHARE);
    Column status = status(d, time, year, col(Students.G1), grade, share, z, growth, subject);
    Column score =
        round(status.plus(Scores.measurementError(d, i, year, col(WINDOW_CODE), subject)));
    Column pct = col(PERCENTILE);
    return tests
        .withColumn(SCALE_SCORE, score)
        .withColumn(PERCENTILE, Scores.percentile(col(SCALE_SCORE), subject, grade, share))
        .select(
            col(STUDENT_ID),
            lit(Scores.ASSESSMENT).as(ASSESSMENT_ID),
            subject.as(SUBJECT),
            year.as(SCHOOL_YEAR),
            col(WINDOW_CODE).as(ASSESSMENT_WINDOW),
            time.day(year, col("test_idx")).as(ADMINISTRATION_DATE),
            col(SCALE_SCORE).cast("int").as(SCALE_SCORE),
            pct.as(PERCENTILE),
            Scores.level(pct).as(PERFORMANCE_LEVEL));
  }

  /**
   * Expected score. First year: the grade's status. Second year, for students tested in the first:
   * last spring's true status, the summer change and the planted programme effect, then the new
   * grade's growth. New kindergarteners start at their grade's status.
   */
  static Column status(
      Draws d,
      Timeline time,
      Column year,
      Column g1,
      Column grade,
      Column share,
      Column z,
      Column growth,
      Column subject) {
    Column firstYear = Scores.status(subject, grade, share, z, growth);
    Column g1Safe = greatest(g1, lit(0));
    Column spring1 = Scores.status(subject, g1Safe, lit(1.0), z, growth);
    Column summer = Scores.summerChange(d, col(Students.IDX), subject).plus(col(Summer.EFFECT));
    Column gain = Scores.spring(subject, grade).minus(Scores.fall(subject, grade));
    Column secondYear =
        spring1
            .plus(Scores.sd(subject, grade).multiply(summer))
            .plus(share.multiply(gain).multiply(lit(1.0).plus(growth.multiply(0.25))));
    return when(year.equalTo(time.first).or(g1.lt(0)), firstYear).otherwise(secondYear);
  }
}
