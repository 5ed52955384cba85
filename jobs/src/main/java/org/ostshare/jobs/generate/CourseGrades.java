package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.schema.Cols.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Course marks per quarter (Q1..Q4, those ended by as-of) at the school the student attends when
 * the quarter ends: four courses in elementary grades, five in middle, six in high school. The
 * numeric grade rises with ability and falls with absence; kindergarten is marked pass/incomplete.
 */
final class CourseGrades {
  private CourseGrades() {}

  static Dataset<Row> rows(Dataset<Row> segments, Draws d) {
    Column i = col(Students.IDX);
    Column year = col(Enrollments.YEAR);
    Column grade = col(Enrollments.GRADE);
    List<Column> quarters = new ArrayList<>();
    for (int q = 0; q < Timeline.QUARTER_ENDS.length; q++) {
      quarters.add(struct(lit("Q" + (q + 1)).as("code"), lit(Timeline.QUARTER_ENDS[q]).as("end")));
    }
    Column courses =
        when(grade.leq(5), courses(Names.ELEMENTARY_COURSES))
            .when(grade.leq(8), courses(Names.MIDDLE_COURSES))
            .otherwise(courses(Names.HIGH_COURSES));
    Dataset<Row> rows =
        segments
            .withColumn("q", explode(array(quarters.toArray(Column[]::new))))
            .filter(col("q.end").between(col(Enrollments.START), col(Enrollments.LAST)))
            .withColumn("c", explode(courses));
    Column period = col("q.code");
    Column code = concat(col("c.prefix"), lit("-"), lpad(grade.cast("string"), 2, "0"));
    Column title = concat(col("c.title"), lit(" "), Schools.gradeCode(grade));
    Column numeric =
        Draws.clamp(
            round(
                lit(83.0)
                    .plus(
                        col(Students.ABILITY)
                            .multiply(0.6)
                            .plus(d.normal("course-aptitude", i, code).multiply(0.4))
                            .multiply(7))
                    .minus(col(Students.R_ABS).minus(0.05).multiply(60))
                    .plus(d.normal("course-mark", i, year, period, code).multiply(5))),
            0,
            100);
    Column letter =
        when(numeric.geq(90), lit("A"))
            .when(numeric.geq(80), lit("B"))
            .when(numeric.geq(70), lit("C"))
            .when(numeric.geq(60), lit("D"))
            .otherwise(lit("F"));
    Column kindergarten = grade.equalTo(0);
    Column mark =
        when(
                kindergarten,
                when(d.chance("k-incomplete", lit(0.03), i, year, period, code), lit("I"))
                    .otherwise(lit("P")))
            .otherwise(letter);
    return rows.select(
        col(STUDENT_ID),
        col(SCHOOL_ID),
        year.as(SCHOOL_YEAR),
        period.as(GRADING_PERIOD),
        code.as(COURSE_CODE),
        title.as(COURSE_TITLE),
        mark.as(MARK),
        when(not(kindergarten), numeric).as(NUMERIC_GRADE));
  }

  private static Column courses(List<String[]> list) {
    return array(
        list.stream()
            .map(c -> struct(lit(c[0]).as("prefix"), lit(c[1]).as("title")))
            .toArray(Column[]::new));
  }

  /**
   * Disciplinary actions: about 3% of students a year have one to three incidents (likelier for
   * high absence, disadvantage and older grades), on instructional days of their enrolment.
   */
  static Dataset<Row> discipline(Dataset<Row> segments, Draws d, Timeline time) {
    Column i = col(Students.IDX);
    Column year = col(Enrollments.YEAR);
    Column seq = col(Enrollments.SEQ);
    Column days = col(Enrollments.LAST).minus(col(Enrollments.START)).plus(1);
    Column p =
        Draws.sigmoid(
                lit(-3.9)
                    .plus(col(ECONOMICALLY_DISADVANTAGED).cast("double").multiply(0.5))
                    .plus(col(Students.ABS_Z).multiply(0.6))
                    .plus(when(col(Enrollments.GRADE).geq(6), 0.6).otherwise(0.0)))
            .multiply(days.divide(Timeline.INSTRUCTIONAL_DAYS));
    Column n =
        when(
                d.chance("incident", p, i, year, seq),
                lit(1)
                    .plus(when(d.chance("incident-2", lit(0.3), i, year, seq), 1).otherwise(0))
                    .plus(when(d.chance("incident-3", lit(0.1), i, year, seq), 1).otherwise(0)))
            .otherwise(lit(0));
    Dataset<Row> ev =
        Attendance.times(segments.filter(days.geq(3)).withColumn("_days", days), n, "k");
    Column k = col("k");
    Column dayIdx =
        col(Enrollments.START)
            .plus(
                Attendance.stratified(d, "incident-day", k, col("_n"), col("_days"), i, year, seq));
    Column action =
        d.weighted(
            "action",
            List.of(
                "OUT_OF_SCHOOL_SUSPENSION",
                "IN_SCHOOL_SUSPENSION",
                "DETENTION",
                "OTHER",
                "EXPULSION"),
            new double[] {0.45, 0.30, 0.18, 0.065},
            i,
            year,
            seq,
            k);
    Column v = d.uniform("action-days", i, year, seq, k);
    Column actionDays =
        when(action.equalTo("OUT_OF_SCHOOL_SUSPENSION"), floor(v.multiply(5)).plus(1))
            .when(action.equalTo("IN_SCHOOL_SUSPENSION"), floor(v.multiply(3)).plus(1))
            .when(action.equalTo("EXPULSION"), floor(v.multiply(136)).plus(45));
    return ev.select(
        format_string("INC-%d-%s-%d%d", year, col(STUDENT_ID), seq, k).as(INCIDENT_ID),
        col(STUDENT_ID),
        col(SCHOOL_ID),
        time.day(year, dayIdx).as(INCIDENT_DATE),
        action.as(ACTION),
        actionDays.cast("double").as(ACTION_DAYS));
  }
}
