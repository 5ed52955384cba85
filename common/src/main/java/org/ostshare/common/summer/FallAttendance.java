package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Absence;
import org.ostshare.common.schema.Cols;

/**
 * Chronic absence over a span of the new school year (by default its first reporting period): days
 * enrolled counted on each school's instructional days inside the student's enrolments (overlaps
 * once), days absent from exception-based attendance (excused, unexcused, out-of-school suspension;
 * half a day or more) on those days: an absence counts where the school that recorded it had the
 * student enrolled on an instructional day. Each school's instructional days in the span travel as
 * a few words of bits ({@link DayBits}) joined to enrolments, so no row per student-day is ever
 * made.
 */
public final class FallAttendance {
  private FallAttendance() {}

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
    DayBits span = new DayBits(from, to);
    String schoolDays = "_school_days";
    String enrolledDays = "_enrolled_days";
    String absentDays = "_absent_days";

    Dataset<Row> ids = students.select(Cols.STUDENT_ID).distinct();
    Dataset<Row> days =
        united(
            calendar
                .filter(
                    col(Cols.CALENDAR_EVENT)
                        .equalTo("INSTRUCTIONAL_DAY")
                        .and(col(Cols.CALENDAR_DATE).between(f, t)))
                .groupBy(Cols.SCHOOL_ID),
            span.union(span.ofDay(col(Cols.CALENDAR_DATE)), schoolDays));

    // per student and school: the school's days inside the student's enrolments there, and the
    // days with an absence recorded by that school. An absence counts only on a day the student is
    // enrolled at the school that recorded it and the school has instruction, as on the report card
    // (ReportCard.attendance): days absent are a subset of days enrolled.
    Column end = coalesce(col(Cols.EXIT_DATE), t);
    Dataset<Row> enrolledAt =
        united(
            enrollments
                .filter(col(Cols.ENTRY_DATE).leq(t).and(end.geq(f)))
                .join(broadcast(days), Cols.SCHOOL_ID)
                .groupBy(Cols.STUDENT_ID, Cols.SCHOOL_ID),
            span.union(
                span.and(span.ofRange(col(Cols.ENTRY_DATE), end), schoolDays), enrolledDays));
    Dataset<Row> absentAt =
        united(
            attendance
                .filter(Absence.recorded().and(col(Cols.EVENT_DATE).between(f, t)))
                .groupBy(Cols.STUDENT_ID, Cols.SCHOOL_ID),
            span.union(span.ofDay(col(Cols.EVENT_DATE)), absentDays));

    // united per student: a day at two schools is one day. Every student's days are counted, then
    // the cohort's kept by the last join: the counts are one row per student, fewer than the
    // enrolments and absences a first join would move.
    Column[] words =
        Stream.concat(
                Arrays.stream(span.union(span.of(enrolledDays), enrolledDays)),
                Arrays.stream(span.union(span.and(span.of(absentDays), enrolledDays), absentDays)))
            .toArray(Column[]::new);
    Dataset<Row> counts =
        united(
                enrolledAt
                    .join(absentAt, new String[] {Cols.STUDENT_ID, Cols.SCHOOL_ID}, "left")
                    .groupBy(Cols.STUDENT_ID),
                words)
            .select(
                col(Cols.STUDENT_ID),
                span.size(enrolledDays).as(SummerCols.DAYS_ENROLLED),
                span.size(absentDays).as(SummerCols.DAYS_ABSENT));

    Column enrolledCount = coalesce(col(SummerCols.DAYS_ENROLLED), lit(0));
    Column absentCount = coalesce(col(SummerCols.DAYS_ABSENT), lit(0));
    return ids.join(counts, new String[] {Cols.STUDENT_ID}, "left")
        .select(
            col(Cols.STUDENT_ID),
            enrolledCount.as(SummerCols.DAYS_ENROLLED),
            absentCount.as(SummerCols.DAYS_ABSENT),
            when(
                    enrolledCount.geq(minDaysEnrolled),
                    absentCount.cast("double").divide(enrolledCount).geq(threshold))
                .as(SummerCols.CHRONICALLY_ABSENT));
  }

  /** Each group's sets of days: the aggregates of {@link DayBits#union}, one per word. */
  private static Dataset<Row> united(RelationalGroupedDataset groups, Column[] words) {
    return groups.agg(words[0], Arrays.copyOfRange(words, 1, words.length));
  }
}
