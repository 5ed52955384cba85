package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Cols;

/**
 * Summer-programme dosage between a student's spring and fall tests. The summer window runs from
 * the day after the student's last spring test to the day before the first fall test (over every
 * subject, so one student has one group). Only programmes of type SUMMER count; roster rows must
 * already be matched to district students ({@link org.ostshare.common.roster.RosterMatching}).
 */
public final class Dosage {
  private Dosage() {}

  /**
   * Per cohort student: whether enrolled in a summer programme overlapping the window, distinct
   * days attended inside it and hours attended inside it.
   */
  public static Dataset<Row> perStudent(
      Dataset<Row> cohort,
      Dataset<Row> programs,
      Dataset<Row> matchedEnrollments,
      Dataset<Row> matchedAttendance) {
    Dataset<Row> windows =
        cohort
            .groupBy(Cols.STUDENT_ID)
            .agg(
                max(SummerCols.SPRING_DATE).as(SummerCols.WINDOW_START),
                min(SummerCols.FALL_DATE).as(SummerCols.WINDOW_END));
    Dataset<Row> summer = summerPrograms(programs);

    Dataset<Row> enrolled =
        matchedEnrollments
            .join(summer, Cols.PROGRAM_ID)
            .join(windows, Cols.STUDENT_ID)
            .filter(
                col(Cols.BEGIN_DATE)
                    .lt(col(SummerCols.WINDOW_END))
                    .and(
                        col(Cols.END_DATE)
                            .isNull()
                            .or(col(Cols.END_DATE).gt(col(SummerCols.WINDOW_START)))))
            .select(Cols.STUDENT_ID)
            .distinct()
            .withColumn(SummerCols.PROGRAM_ENROLLED, lit(true));

    Dataset<Row> attended =
        matchedAttendance
            .join(summer, Cols.PROGRAM_ID)
            .join(windows, Cols.STUDENT_ID)
            .filter(
                col(Cols.ATTENDANCE_DATE)
                    .gt(col(SummerCols.WINDOW_START))
                    .and(col(Cols.ATTENDANCE_DATE).lt(col(SummerCols.WINDOW_END))))
            .groupBy(Cols.STUDENT_ID)
            .agg(
                countDistinct(Cols.ATTENDANCE_DATE).cast("int").as(SummerCols.PROGRAM_DAYS),
                sum(coalesce(col(Cols.HOURS).cast("double"), lit(0.0)))
                    .as(SummerCols.PROGRAM_HOURS));

    return windows
        .join(enrolled, new String[] {Cols.STUDENT_ID}, "left")
        .join(attended, new String[] {Cols.STUDENT_ID}, "left")
        .select(
            col(Cols.STUDENT_ID),
            col(SummerCols.WINDOW_START),
            col(SummerCols.WINDOW_END),
            coalesce(col(SummerCols.PROGRAM_ENROLLED), lit(false)).as(SummerCols.PROGRAM_ENROLLED),
            coalesce(col(SummerCols.PROGRAM_DAYS), lit(0)).as(SummerCols.PROGRAM_DAYS),
            coalesce(col(SummerCols.PROGRAM_HOURS), lit(0.0)).as(SummerCols.PROGRAM_HOURS));
  }

  /**
   * The roster rows of summer programmes, the only ones dosage counts: matching the rest to
   * students would be work whose result is dropped.
   */
  public static Dataset<Row> summerRows(Dataset<Row> roster, Dataset<Row> programs) {
    return roster.join(summerPrograms(programs), Cols.PROGRAM_ID, "left_semi");
  }

  private static Dataset<Row> summerPrograms(Dataset<Row> programs) {
    return broadcast(
        programs
            .filter(col(Cols.PROGRAM_TYPE).equalTo("SUMMER"))
            .select(Cols.PROGRAM_ID)
            .distinct());
  }

  /**
   * Adds the dosage groups to a frame that has enrolment, days, hours and subject: by days (HIGH at
   * the high threshold, LOW from the low one, NO_SHOW when enrolled, else NON_PARTICIPANT) and by
   * hours (the subject's high-hours threshold; null for subjects without one).
   */
  public static Dataset<Row> assign(Dataset<Row> frame, DosageRules rules) {
    Column days = col(SummerCols.PROGRAM_DAYS);
    Column enrolled = col(SummerCols.PROGRAM_ENROLLED);
    Column byDays =
        when(days.geq(rules.highMinDays()), lit(DosageGroup.HIGH.name()))
            .when(days.geq(rules.lowMinDays()), lit(DosageGroup.LOW.name()))
            .when(enrolled, lit(DosageGroup.NO_SHOW.name()))
            .otherwise(lit(DosageGroup.NON_PARTICIPANT.name()));
    Column threshold = lit(null).cast("double");
    for (Map.Entry<String, Double> e : rules.highMinHours().entrySet()) {
      threshold =
          when(col(Cols.SUBJECT).equalTo(e.getKey()), lit(e.getValue())).otherwise(threshold);
    }
    Column hours = col(SummerCols.PROGRAM_HOURS);
    Column byHours =
        when(threshold.isNull(), lit(null).cast("string"))
            .when(hours.geq(threshold), lit(DosageGroup.HIGH.name()))
            .when(hours.gt(0).or(days.geq(rules.lowMinDays())), lit(DosageGroup.LOW.name()))
            .when(enrolled, lit(DosageGroup.NO_SHOW.name()))
            .otherwise(lit(DosageGroup.NON_PARTICIPANT.name()));
    return frame
        .withColumn(SummerCols.DOSAGE_GROUP, byDays)
        .withColumn(SummerCols.DOSAGE_GROUP_HOURS, byHours);
  }
}
