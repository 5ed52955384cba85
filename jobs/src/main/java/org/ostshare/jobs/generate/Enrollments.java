package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.schema.Cols.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Enrolment segments: a student's stay at one school in one school year, as a range of
 * instructional-day indices. Each student has one segment per year at a school whose span holds the
 * grade (promoted a grade in the second year; grade 12 leaves, new kindergarteners arrive); about
 * 8% a year move mid-year (two segments at two schools) and about 2.4% leave the district. Later
 * domains (attendance, tests, grades, discipline, afterschool) are drawn inside segments.
 */
final class Enrollments {
  static final String YEAR = "year";
  static final String GRADE = "grade";
  static final String SEQ = "seq";
  static final String START = "start_idx";

  /** Index of the exit day, or null while the enrolment is open. */
  static final String EXIT = "exit_idx";

  /** Last index events may fall on: the exit, the year's last day, or the last day to as-of. */
  static final String LAST = "last_idx";

  static final double MOVE_RATE = 0.08;

  private Enrollments() {}

  static Dataset<Row> segments(
      Dataset<Row> base, Draws d, Timeline time, int[] schoolsByGrade, Dataset<Row> slots) {
    Column i = col(Students.IDX);
    List<Column> candidates = new ArrayList<>();
    for (int y : List.of(time.first, time.second)) {
      if (!time.yearStarted(y)) {
        continue;
      }
      int cap = time.lastIdx(y);
      int yearEnd = Timeline.INSTRUCTIONAL_DAYS - 1;
      Column grade = col(Students.G1).plus(y - time.first);
      Column count =
          element_at(lit(schoolsByGrade), greatest(least(grade, lit(12)), lit(0)).plus(1));
      Column present =
          grade
              .between(0, 12)
              .and(col(Students.LEAVE_YEAR).isNull().or(col(Students.LEAVE_YEAR).geq(y)));
      Column leaves =
          coalesce(col(Students.LEAVE_YEAR).equalTo(y), lit(false))
              .and(col(Students.LEAVE_IDX).leq(cap));
      Column moveIdx = d.below("move-day-" + y, lit(140), i).plus(20);
      Column moves =
          not(leaves)
              .and(d.chance("move-" + y, lit(MOVE_RATE), i))
              .and(moveIdx.leq(cap))
              .and(count.gt(1));
      Column slotA = floor(col(Students.HOME).multiply(count)).cast("int");
      Column slotB =
          pmod(
              slotA.plus(1).plus(d.below("move-school-" + y, greatest(count.minus(1), lit(1)), i)),
              count);
      Column fullExit = lit(yearEnd <= cap ? yearEnd : -1); // -1: still open at as-of
      Column exitA =
          when(leaves, col(Students.LEAVE_IDX).minus(1))
              .when(moves, moveIdx.minus(1))
              .otherwise(fullExit);
      candidates.add(segment(y, 1, grade, slotA, lit(0), exitA, present));
      candidates.add(segment(y, 2, grade, slotB, moveIdx, fullExit, present.and(moves)));
    }
    Dataset<Row> seg =
        base.withColumn("segment", explode(array(candidates.toArray(Column[]::new))))
            .filter(col("segment.present"))
            .withColumn(YEAR, col("segment.year"))
            .withColumn(GRADE, col("segment.grade"))
            .withColumn(SEQ, col("segment.seq"))
            .withColumn(START, col("segment.start"))
            .withColumn(EXIT, when(col("segment.exit").geq(0), col("segment.exit")))
            .withColumn("slot_of", col("segment.slot"))
            .drop("segment");
    seg =
        seg.withColumn(LAST, coalesce(col(EXIT), lit(Timeline.INSTRUCTIONAL_DAYS - 1)))
            .withColumn(LAST, least(col(LAST), time.lastIdx(col(YEAR))));
    return seg.join(
            broadcast(slots),
            col(GRADE).equalTo(col("slot_grade")).and(col("slot_of").equalTo(col("slot"))))
        .drop("slot_grade", "slot", "slot_of");
  }

  private static Column segment(
      int year, int seq, Column grade, Column slot, Column start, Column exit, Column present) {
    return struct(
        lit(year).as("year"),
        lit(seq).as("seq"),
        grade.as("grade"),
        slot.as("slot"),
        start.as("start"),
        exit.as("exit"),
        present.as("present"));
  }

  static Dataset<Row> rows(Dataset<Row> segments, Timeline time) {
    return segments.select(
        col(STUDENT_ID),
        col(SCHOOL_ID),
        col(YEAR).as(SCHOOL_YEAR),
        Schools.gradeCode(col(GRADE)).as(GRADE_LEVEL),
        time.day(col(YEAR), col(START)).as(ENTRY_DATE),
        when(col(EXIT).isNotNull(), time.day(col(YEAR), col(EXIT))).as(EXIT_DATE));
  }
}
