package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Cols;

/**
 * Chronic absence over a span of the new school year (by default its first reporting period): days
 * enrolled counted on each school's instructional days inside the student's enrolments (overlaps
 * once), days absent from exception-based attendance (excused, unexcused, out-of-school suspension;
 * half a day or more). Each school's instructional days in the span travel as one small array
 * joined to enrolments, so no row per student-day is ever made.
 */
public final class FallAttendance {
  private FallAttendance() {}

  /** Absence events that count as a day absent (when half the day or more was missed). */
  public static final List<String> ABSENCES =
      List.of("EXCUSED_ABSENCE", "UNEXCUSED_ABSENCE", "OUT_OF_SCHOOL_SUSPENSION");

  /**
   * @param students rows with student_id (the cohort's students)
   * @return per student: days enrolled, days absent, chronically absent (null below minDays)
   */
  public static Dataset<Row> perStudent(
      Dataset<Row> students,
      Dataset<Row> calendar,
      Dataset<Row> enrollments,
      Dataset<Row> attendance,
      LocalDate from,
      LocalDate to,
      int minDaysEnrolled,
      double threshold) {
    Column f = lit(Date.valueOf(from));
    Column t = lit(Date.valueOf(to));
    Dataset<Row> ids = students.select(Cols.STUDENT_ID).distinct();
    Dataset<Row> days =
        calendar
            .filter(
                col(Cols.CALENDAR_EVENT)
                    .equalTo("INSTRUCTIONAL_DAY")
                    .and(col(Cols.CALENDAR_DATE).between(f, t)))
            .groupBy(Cols.SCHOOL_ID)
            .agg(collect_list(Cols.CALENDAR_DATE).as("_days"));
    Dataset<Row> enrolledDays =
        enrollments
            .join(ids, Cols.STUDENT_ID)
            .filter(
                col(Cols.ENTRY_DATE)
                    .leq(t)
                    .and(col(Cols.EXIT_DATE).isNull().or(col(Cols.EXIT_DATE).geq(f))))
            .join(broadcast(days), Cols.SCHOOL_ID)
            .withColumn("_from", greatest(col(Cols.ENTRY_DATE), f))
            .withColumn("_to", least(coalesce(col(Cols.EXIT_DATE), t), t))
            .withColumn(
                "_in", filter(col("_days"), d -> d.geq(col("_from")).and(d.leq(col("_to")))))
            .groupBy(Cols.STUDENT_ID)
            .agg(size(array_distinct(flatten(collect_list("_in")))).as(SummerCols.DAYS_ENROLLED));
    Dataset<Row> absent =
        attendance
            .join(ids, Cols.STUDENT_ID)
            .filter(
                col(Cols.ATTENDANCE_EVENT)
                    .isin(ABSENCES.toArray())
                    .and(col(Cols.EVENT_DATE).between(f, t))
                    .and(col(Cols.EVENT_DURATION).isNull().or(col(Cols.EVENT_DURATION).geq(0.5))))
            .groupBy(Cols.STUDENT_ID)
            .agg(countDistinct(Cols.EVENT_DATE).cast("int").as("_absent"));
    Column enrolled = coalesce(col(SummerCols.DAYS_ENROLLED), lit(0));
    Column absentDays = least(coalesce(col("_absent"), lit(0)), enrolled);
    return ids.join(enrolledDays, new String[] {Cols.STUDENT_ID}, "left")
        .join(absent, new String[] {Cols.STUDENT_ID}, "left")
        .select(
            col(Cols.STUDENT_ID),
            enrolled.as(SummerCols.DAYS_ENROLLED),
            absentDays.as(SummerCols.DAYS_ABSENT),
            when(
                    enrolled.geq(minDaysEnrolled),
                    absentDays.cast("double").divide(enrolled).geq(threshold))
                .as(SummerCols.CHRONICALLY_ABSENT));
  }
}
