package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Cols;

/**
 * Chronic absence over a span of the new school year (by default its first reporting period): days
 * enrolled counted on each school's instructional days inside the student's enrolments (overlaps
 * once), days absent from exception-based attendance (excused, unexcused, out-of-school suspension;
 * half a day or more). Each school's instructional days in the span travel as a few words of bits
 * ({@link DayBits}) joined to enrolments, so no row per student-day is ever made.
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
    DayBits school = new DayBits(from, to, "_school_days");
    DayBits enrolledBits = new DayBits(from, to, "_enrolled_days");
    DayBits absentBits = new DayBits(from, to, "_absent_days");
    int words = school.words();

    Dataset<Row> ids = students.select(Cols.STUDENT_ID).distinct();
    List<Column> schoolDays = new ArrayList<>();
    for (int w = 0; w < words; w++) {
      schoolDays.add(school.union(school.ofDay(col(Cols.CALENDAR_DATE), w), w));
    }
    Dataset<Row> days =
        calendar
            .filter(
                col(Cols.CALENDAR_EVENT)
                    .equalTo("INSTRUCTIONAL_DAY")
                    .and(col(Cols.CALENDAR_DATE).between(f, t)))
            .groupBy(Cols.SCHOOL_ID)
            .agg(schoolDays.get(0), schoolDays.subList(1, words).toArray(Column[]::new));

    // the school's days inside each enrolment, united per student: a day at two schools is one day
    Column end = coalesce(col(Cols.EXIT_DATE), t);
    List<Column> enrolledDays = new ArrayList<>();
    for (int w = 0; w < words; w++) {
      Column inside = enrolledBits.ofRange(col(Cols.ENTRY_DATE), end, w);
      enrolledDays.add(enrolledBits.union(inside.bitwiseAND(school.word(w)), w));
    }
    // every student's days are counted, then the cohort's kept by the last joins: the counts are
    // one row per student, smaller than the enrolments and absences that a first join would move
    Dataset<Row> enrolled =
        enrollments
            .filter(col(Cols.ENTRY_DATE).leq(t).and(end.geq(f)))
            .join(broadcast(days), Cols.SCHOOL_ID)
            .groupBy(Cols.STUDENT_ID)
            .agg(enrolledDays.get(0), enrolledDays.subList(1, words).toArray(Column[]::new))
            .select(col(Cols.STUDENT_ID), enrolledBits.size().as(SummerCols.DAYS_ENROLLED));

    List<Column> absentDays = new ArrayList<>();
    for (int w = 0; w < words; w++) {
      absentDays.add(absentBits.union(absentBits.ofDay(col(Cols.EVENT_DATE), w), w));
    }
    Dataset<Row> absent =
        attendance
            .filter(
                col(Cols.ATTENDANCE_EVENT)
                    .isin(ABSENCES.toArray())
                    .and(col(Cols.EVENT_DATE).between(f, t))
                    .and(col(Cols.EVENT_DURATION).isNull().or(col(Cols.EVENT_DURATION).geq(0.5))))
            .groupBy(Cols.STUDENT_ID)
            .agg(absentDays.get(0), absentDays.subList(1, words).toArray(Column[]::new))
            .select(col(Cols.STUDENT_ID), absentBits.size().as("_absent"));

    Column enrolledCount = coalesce(col(SummerCols.DAYS_ENROLLED), lit(0));
    Column absentCount = least(coalesce(col("_absent"), lit(0)), enrolledCount);
    return ids.join(enrolled, new String[] {Cols.STUDENT_ID}, "left")
        .join(absent, new String[] {Cols.STUDENT_ID}, "left")
        .select(
            col(Cols.STUDENT_ID),
            enrolledCount.as(SummerCols.DAYS_ENROLLED),
            absentCount.as(SummerCols.DAYS_ABSENT),
            when(
                    enrolledCount.geq(minDaysEnrolled),
                    absentCount.cast("double").divide(enrolledCount).geq(threshold))
                .as(SummerCols.CHRONICALLY_ABSENT));
  }
}
