package org.ostshare.common.publish;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.ostshare.common.schema.Absence;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Measures;

/**
 * The measures of the OST report card (DOMAIN.md, "What a partner receives" and "Attendance
 * definitions"), as Spark transforms over conformed rows. Every function takes the students of
 * interest ({@code student_id}) and returns rows of one report-card {@link
 * org.ostshare.common.schema.SharedDomain} with all its columns.
 */
public final class ReportCard {
  private static final String FROM = "_from";
  private static final String TO = "_to";
  private static final String DAY = "_day";
  private static final String CUM = "_cum";

  private ReportCard() {}

  // ---------------------------------------------------------------- attendance

  /**
   * Attendance measures of one span [from, to]. Days enrolled are counted on each school's calendar
   * without expanding student-days: a small per-school cumulative index of instructional days (one
   * row per school and date of the span) gives the days inside an enrolment interval as the
   * difference of two index values. Overlapping enrolments at one school are merged first; an
   * enrolment at another school that begins while one is open ends the earlier one, so each day is
   * counted once.
   */
  public static Dataset<Row> attendance(
      Dataset<Row> students,
      Dataset<Row> enrollments,
      Dataset<Row> calendar,
      Dataset<Row> events,
      LocalDate from,
      LocalDate to,
      String span,
      MeasureSettings s) {
    Dataset<Row> intervals = enrolmentIntervals(students, enrollments, from, to);
    Dataset<Row> index = dayIndex(calendar, from, to);

    Dataset<Row> atEnd =
        index.select(col(Cols.SCHOOL_ID).as("_s1"), col(DAY).as("_d1"), col(CUM).as("_cum_end"));
    Dataset<Row> beforeStart =
        index.select(col(Cols.SCHOOL_ID).as("_s0"), col(DAY).as("_d0"), col(CUM).as("_cum_before"));
    Dataset<Row> enrolled =
        intervals
            .join(
                atEnd,
                col(Cols.SCHOOL_ID).equalTo(col("_s1")).and(col(TO).equalTo(col("_d1"))),
                "left")
            .join(
                beforeStart,
                col(Cols.SCHOOL_ID)
                    .equalTo(col("_s0"))
                    .and(date_sub(col(FROM), 1).equalTo(col("_d0"))),
                "left")
            .groupBy(Cols.STUDENT_ID)
            .agg(
                sum(coalesce(col("_cum_end"), lit(0L)).minus(coalesce(col("_cum_before"), lit(0L))))
                    .cast("int")
                    .as(Measures.DAYS_ENROLLED));

    Dataset<Row> instructional =
        calendar
            .filter(col(Cols.CALENDAR_EVENT).equalTo("INSTRUCTIONAL_DAY"))
            .filter(col(Cols.CALENDAR_DATE).between(lit(from), lit(to)))
            .select(col(Cols.SCHOOL_ID).as("_cs"), col(Cols.CALENDAR_DATE).as("_cd"))
            .distinct();
    Dataset<Row> iv =
        intervals.select(
            col(Cols.STUDENT_ID).as("_is"), col(Cols.SCHOOL_ID).as("_isch"), col(FROM), col(TO));
    // one row per student and day with an event, on an instructional day inside an enrolment
    Dataset<Row> days =
        events
            .join(students, Cols.STUDENT_ID, "left_semi")
            .filter(col(Cols.EVENT_DATE).between(lit(from), lit(to)))
            .join(
                iv,
                col(Cols.STUDENT_ID)
                    .equalTo(col("_is"))
                    .and(col(Cols.SCHOOL_ID).equalTo(col("_isch")))
                    .and(col(Cols.EVENT_DATE).between(col(FROM), col(TO))),
                "left_semi")
            .join(
                instructional,
                col(Cols.SCHOOL_ID)
                    .equalTo(col("_cs"))
                    .and(col(Cols.EVENT_DATE).equalTo(col("_cd"))),
                "left_semi")
            .groupBy(Cols.STUDENT_ID, Cols.EVENT_DATE)
            .agg(
                max(when(Absence.recorded(), severity(col(Cols.ATTENDANCE_EVENT))).otherwise(0))
                    .as("_absence"),
                max(when(col(Cols.ATTENDANCE_EVENT).equalTo("TARDY"), 1).otherwise(0)).as("_tardy"),
                max(when(col(Cols.ATTENDANCE_EVENT).equalTo("EARLY_DEPARTURE"), 1).otherwise(0))
                    .as("_early"));
    Dataset<Row> perStudent =
        days.groupBy(Cols.STUDENT_ID)
            .agg(
                sum(when(col("_absence").gt(0), 1).otherwise(0)).as(Measures.DAYS_ABSENT),
                sum(when(col("_absence").equalTo(1), 1).otherwise(0)).as(Measures.EXCUSED_ABSENCES),
                sum(when(col("_absence").equalTo(2), 1).otherwise(0))
                    .as(Measures.UNEXCUSED_ABSENCES),
                sum(when(col("_absence").equalTo(3), 1).otherwise(0))
                    .as(Measures.SUSPENSION_ABSENCES),
                sum(col("_tardy")).as(Measures.TARDIES),
                sum(col("_early")).as(Measures.EARLY_DEPARTURES));

    Dataset<Row> joined =
        students
            .select(Cols.STUDENT_ID)
            .distinct()
            .join(enrolled, Cols.STUDENT_ID, "left")
            .join(perStudent, Cols.STUDENT_ID, "left");
    Column enrolledDays = coalesce(col(Measures.DAYS_ENROLLED), lit(0));
    Column absent = least(coalesce(col(Measures.DAYS_ABSENT).cast("int"), lit(0)), enrolledDays);
    Column absentShare =
        when(enrolledDays.gt(0), absent.cast("double").divide(enrolledDays.cast("double")));
    Column counted = enrolledDays.geq(s.minDaysEnrolled());
    return joined.select(
        col(Cols.STUDENT_ID),
        lit(span).as(Measures.SPAN),
        enrolledDays.as(Measures.DAYS_ENROLLED),
        enrolledDays.minus(absent).as(Measures.DAYS_PRESENT),
        absent.as(Measures.DAYS_ABSENT),
        zero(Measures.EXCUSED_ABSENCES),
        zero(Measures.UNEXCUSED_ABSENCES),
        zero(Measures.SUSPENSION_ABSENCES),
        zero(Measures.TARDIES),
        zero(Measures.EARLY_DEPARTURES),
        when(enrolledDays.gt(0), lit(1.0).minus(absentShare)).as(Measures.ATTENDANCE_RATE),
        when(counted, absentShare.geq(s.chronicThreshold())).as(Measures.CHRONICALLY_ABSENT),
        when(
                counted,
                when(absentShare.geq(s.severe()), lit("SEVERE_CHRONIC"))
                    .when(absentShare.geq(s.moderate()), lit("MODERATE_CHRONIC"))
                    .when(absentShare.geq(s.atRisk()), lit("AT_RISK"))
                    .otherwise(lit("SATISFACTORY")))
            .as(Measures.CHRONIC_ABSENCE_TIER));
  }

  /** 1 excused, 2 unexcused, 3 out-of-school suspension: a day counts once, as its worst. */
  private static Column severity(Column event) {
    return when(event.equalTo("OUT_OF_SCHOOL_SUSPENSION"), 3)
        .when(event.equalTo("UNEXCUSED_ABSENCE"), 2)
        .otherwise(1);
  }

  private static Column zero(String c) {
    return coalesce(col(c).cast("int"), lit(0)).as(c);
  }

  /**
   * Enrolment intervals clipped to [from, to], merged per student and school, and cut where the
   * student moves to another school: student_id, school_id, _from, _to.
   */
  static Dataset<Row> enrolmentIntervals(
      Dataset<Row> students, Dataset<Row> enrollments, LocalDate from, LocalDate to) {
    Dataset<Row> clipped =
        enrollments
            .join(students, Cols.STUDENT_ID, "left_semi")
            .select(
                col(Cols.STUDENT_ID),
                col(Cols.SCHOOL_ID),
                greatest(col(Cols.ENTRY_DATE), lit(from)).as(FROM),
                least(coalesce(col(Cols.EXIT_DATE), lit(to)), lit(to)).as(TO))
            .filter(col(FROM).leq(col(TO)));
    WindowSpec bySchool =
        Window.partitionBy(Cols.STUDENT_ID, Cols.SCHOOL_ID).orderBy(col(FROM), col(TO));
    Dataset<Row> islands =
        clipped
            .withColumn(
                "_reach", max(col(TO)).over(bySchool.rowsBetween(Window.unboundedPreceding(), -1)))
            .withColumn(
                "_new",
                when(
                        col("_reach")
                            .isNull()
                            .or(col(FROM).gt(functions.date_add(col("_reach"), 1))),
                        1)
                    .otherwise(0))
            .withColumn("_island", sum(col("_new")).over(bySchool))
            .groupBy(Cols.STUDENT_ID, Cols.SCHOOL_ID, "_island")
            .agg(min(col(FROM)).as(FROM), max(col(TO)).as(TO));
    WindowSpec byStudent = Window.partitionBy(Cols.STUDENT_ID).orderBy(col(FROM), col(TO));
    return islands
        .withColumn("_next", lead(col(FROM), 1).over(byStudent))
        .withColumn(
            TO,
            when(col("_next").isNotNull(), least(col(TO), date_sub(col("_next"), 1)))
                .otherwise(col(TO)))
        .filter(col(FROM).leq(col(TO)))
        .select(Cols.STUDENT_ID, Cols.SCHOOL_ID, FROM, TO);
  }

  /**
   * Per school and date of [from - 1, to]: the number of instructional days on or before the date
   * within the span. Schools × days rows: small whatever the number of students.
   */
  static Dataset<Row> dayIndex(Dataset<Row> calendar, LocalDate from, LocalDate to) {
    Dataset<Row> instructional =
        calendar
            .filter(col(Cols.CALENDAR_EVENT).equalTo("INSTRUCTIONAL_DAY"))
            .filter(col(Cols.CALENDAR_DATE).between(lit(from), lit(to)))
            .select(col(Cols.SCHOOL_ID), col(Cols.CALENDAR_DATE).as(DAY))
            .distinct()
            .withColumn("_instructional", lit(1));
    Dataset<Row> spine =
        calendar
            .select(Cols.SCHOOL_ID)
            .distinct()
            .select(
                col(Cols.SCHOOL_ID), explode(sequence(lit(from.minusDays(1)), lit(to))).as(DAY));
    return spine
        .join(instructional, new String[] {Cols.SCHOOL_ID, DAY}, "left")
        .withColumn(
            CUM,
            sum(coalesce(col("_instructional"), lit(0)))
                .over(Window.partitionBy(Cols.SCHOOL_ID).orderBy(DAY))
                .cast("long"))
        .select(Cols.SCHOOL_ID, DAY, CUM);
  }

  // ---------------------------------------------------------------- assessments

  /**
   * Latest score per student, test and subject in [from, to], with the score of the window before
   * it (also in [from, to]) and the growth between them.
   */
  public static Dataset<Row> assessment(
      Dataset<Row> students, Dataset<Row> assessments, LocalDate from, LocalDate to) {
    WindowSpec w =
        Window.partitionBy(Cols.STUDENT_ID, Cols.ASSESSMENT_ID, Cols.SUBJECT)
            .orderBy(col(Cols.ADMINISTRATION_DATE));
    return assessments
        .join(students, Cols.STUDENT_ID, "left_semi")
        .filter(col(Cols.ADMINISTRATION_DATE).between(lit(from), lit(to)))
        .withColumn(Measures.PREVIOUS_SCALE_SCORE, lag(col(Cols.SCALE_SCORE), 1).over(w))
        .withColumn(
            "_latest",
            row_number()
                .over(
                    Window.partitionBy(Cols.STUDENT_ID, Cols.ASSESSMENT_ID, Cols.SUBJECT)
                        .orderBy(col(Cols.ADMINISTRATION_DATE).desc())))
        .filter(col("_latest").equalTo(1))
        .select(
            col(Cols.STUDENT_ID),
            col(Cols.ASSESSMENT_ID),
            col(Cols.SUBJECT),
            col(Cols.SCHOOL_YEAR),
            col(Cols.ASSESSMENT_WINDOW),
            col(Cols.ADMINISTRATION_DATE),
            col(Cols.SCALE_SCORE),
            col(Cols.PERCENTILE),
            col(Cols.PERFORMANCE_LEVEL),
            col(Measures.PREVIOUS_SCALE_SCORE),
            col(Cols.SCALE_SCORE).minus(col(Measures.PREVIOUS_SCALE_SCORE)).as(Measures.GROWTH));
  }

  // ---------------------------------------------------------------- marks

  /** Order of grading periods within a school year. */
  private static Column periodOrder(Column p) {
    return when(p.equalTo("Q1"), 1)
        .when(p.equalTo("Q2"), 2)
        .when(p.equalTo("S1"), 3)
        .when(p.equalTo("Q3"), 4)
        .when(p.equalTo("Q4"), 5)
        .when(p.equalTo("S2"), 6)
        .when(p.equalTo("FINAL"), 7)
        .otherwise(0);
  }

  /**
   * Current mark per course of one school year (the latest grading period with a mark), and whether
   * it is below passing (any mark not in the passing marks, an incomplete included).
   */
  public static Dataset<Row> marks(
      Dataset<Row> students, Dataset<Row> grades, int schoolYear, List<String> passingMarks) {
    return grades
        .join(students, Cols.STUDENT_ID, "left_semi")
        .filter(col(Cols.SCHOOL_YEAR).equalTo(schoolYear))
        .withColumn(
            "_latest",
            row_number()
                .over(
                    Window.partitionBy(Cols.STUDENT_ID, Cols.COURSE_CODE)
                        .orderBy(periodOrder(col(Cols.GRADING_PERIOD)).desc())))
        .filter(col("_latest").equalTo(1))
        .select(
            col(Cols.STUDENT_ID),
            col(Cols.COURSE_CODE),
            col(Cols.COURSE_TITLE),
            col(Cols.GRADING_PERIOD),
            col(Cols.MARK),
            col(Cols.NUMERIC_GRADE),
            functions.not(col(Cols.MARK).isin(passingMarks.toArray())).as(Measures.BELOW_PASSING));
  }

  // ---------------------------------------------------------------- behaviour

  /** Suspensions (in and out of school) and days suspended in [from, to]; zero when none. */
  public static Dataset<Row> behaviour(
      Dataset<Row> students, Dataset<Row> discipline, LocalDate from, LocalDate to) {
    Dataset<Row> counts =
        discipline
            .join(students, Cols.STUDENT_ID, "left_semi")
            .filter(col(Cols.INCIDENT_DATE).between(lit(from), lit(to)))
            .filter(col(Cols.ACTION).isin("IN_SCHOOL_SUSPENSION", "OUT_OF_SCHOOL_SUSPENSION"))
            .groupBy(Cols.STUDENT_ID)
            .agg(
                count(lit(1)).cast("int").as(Measures.SUSPENSIONS),
                sum(coalesce(col(Cols.ACTION_DAYS), lit(0.0))).as(Measures.DAYS_SUSPENDED));
    return students
        .select(Cols.STUDENT_ID)
        .distinct()
        .join(counts, Cols.STUDENT_ID, "left")
        .select(
            col(Cols.STUDENT_ID),
            coalesce(col(Measures.SUSPENSIONS), lit(0)).as(Measures.SUSPENSIONS),
            coalesce(col(Measures.DAYS_SUSPENDED), lit(0.0)).as(Measures.DAYS_SUSPENDED));
  }

  // ---------------------------------------------------------------- OST participation

  /**
   * Per student and programme of the partner with an enrolment touching [from, to]: the roster
   * dates and the days and hours attended in [from, to]. Only matched roster rows are used.
   */
  public static Dataset<Row> ost(
      Dataset<Row> students,
      Dataset<Row> programEnrollments,
      Dataset<Row> programAttendance,
      Dataset<Row> programs,
      String partner,
      LocalDate from,
      LocalDate to) {
    Dataset<Row> own =
        programs
            .filter(col(Cols.PARTNER_ID).equalTo(lit(partner)))
            .select(
                col(Cols.PROGRAM_ID),
                col(Cols.PROGRAM_NAME),
                col(Cols.PROGRAM_TYPE),
                col(Cols.END_DATE).as("_program_end"));
    Dataset<Row> enrolments =
        programEnrollments
            .join(students, Cols.STUDENT_ID, "left_semi")
            .join(own, Cols.PROGRAM_ID)
            .filter(col(Cols.BEGIN_DATE).leq(lit(to)))
            .filter(coalesce(col(Cols.END_DATE), col("_program_end")).geq(lit(from)))
            .groupBy(Cols.STUDENT_ID, Cols.PROGRAM_ID, Cols.PROGRAM_NAME, Cols.PROGRAM_TYPE)
            .agg(
                min(col(Cols.BEGIN_DATE)).as(Cols.BEGIN_DATE),
                max(col(Cols.END_DATE)).as(Cols.END_DATE));
    Dataset<Row> attended =
        programAttendance
            .join(students, Cols.STUDENT_ID, "left_semi")
            .filter(col(Cols.ATTENDANCE_DATE).between(lit(from), lit(to)))
            .groupBy(Cols.STUDENT_ID, Cols.PROGRAM_ID)
            .agg(
                countDistinct(col(Cols.ATTENDANCE_DATE)).cast("int").as(Measures.DAYS_ATTENDED),
                sum(coalesce(col(Cols.HOURS), lit(0.0))).as(Measures.HOURS_ATTENDED));
    return enrolments
        .join(attended, new String[] {Cols.STUDENT_ID, Cols.PROGRAM_ID}, "left")
        .select(
            col(Cols.STUDENT_ID),
            col(Cols.PROGRAM_ID),
            col(Cols.PROGRAM_NAME),
            col(Cols.PROGRAM_TYPE),
            col(Cols.BEGIN_DATE),
            col(Cols.END_DATE),
            coalesce(col(Measures.DAYS_ATTENDED), lit(0)).as(Measures.DAYS_ATTENDED),
            coalesce(col(Measures.HOURS_ATTENDED), lit(0.0)).as(Measures.HOURS_ATTENDED));
  }
}
