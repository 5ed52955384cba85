package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.schema.Cols.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exception-based attendance. Per enrolment segment, the number of events is drawn around the
 * student's rates (absence, tardy, early departure) times the days enrolled; only those events are
 * exploded, never every student-day. Event k falls in the k-th of n equal strata of the segment's
 * instructional days, so a student has at most one event a day and every event is on an
 * instructional day inside the enrolment and on or before as-of.
 */
final class Attendance {
  private Attendance() {}

  /**
   * Spreads {@code n} distinct picks over {@code days} slots: pick k lies in [floor(k days / n),
   * floor((k + 1) days / n)), which are disjoint and non-empty while n <= days.
   */
  static Column stratified(Draws d, String salt, Column k, Column n, Column days, Column... key) {
    Column lo = floor(k.multiply(days).divide(n)).cast("int");
    Column hi = floor(k.plus(1).multiply(days).divide(n)).cast("int");
    Column[] full = new Column[key.length + 1];
    System.arraycopy(key, 0, full, 0, key.length);
    full[key.length] = k;
    return lo.plus(d.below(salt, hi.minus(lo), full));
  }

  /** Explodes k = 0 .. n-1 (none when n = 0) into column {@code k}. */
  static Dataset<Row> times(Dataset<Row> df, Column n, String k) {
    return df.withColumn("_n", n)
        .filter(col("_n").gt(0))
        .withColumn(k, explode(sequence(lit(0), col("_n").minus(1))));
  }

  static Dataset<Row> rows(Dataset<Row> segments, Draws d, Timeline time) {
    Column i = col(Students.IDX);
    Column year = col(Enrollments.YEAR);
    Column seq = col(Enrollments.SEQ);
    Column days = col(Enrollments.LAST).minus(col(Enrollments.START)).plus(1);
    Column rate = col(Students.R_ABS).plus(col(Students.R_TARDY)).plus(col(Students.R_EARLY));
    Column expected = days.multiply(rate);
    Column spread = sqrt(expected.multiply(lit(1.0).minus(least(rate, lit(0.99)))));
    Column n =
        least(
                greatest(
                    round(expected.plus(spread.multiply(d.normal("events", i, year, seq)))),
                    lit(0)),
                days)
            .cast("int");
    Dataset<Row> ev = times(segments.filter(days.gt(0)).withColumn("_days", days), n, "k");
    Column k = col("k");
    Column dayIdx =
        col(Enrollments.START)
            .plus(stratified(d, "event-day", k, col("_n"), col("_days"), i, year, seq));
    Column u = d.uniform("event-type", i, year, seq, k);
    Column pAbs = col(Students.R_ABS).divide(rate);
    Column pTardy = pAbs.plus(col(Students.R_TARDY).divide(rate));
    Column absence =
        d.weighted(
            "absence-kind",
            java.util.List.of("EXCUSED_ABSENCE", "UNEXCUSED_ABSENCE", "OUT_OF_SCHOOL_SUSPENSION"),
            new double[] {0.45, 0.5},
            i,
            year,
            seq,
            k);
    Column event =
        when(u.lt(pAbs), absence)
            .when(u.lt(pTardy), lit("TARDY"))
            .otherwise(lit("EARLY_DEPARTURE"));
    Column v = d.uniform("event-duration", i, year, seq, k);
    Column duration =
        when(u.lt(pAbs), when(v.lt(0.1), lit(0.5)).otherwise(lit(1.0)))
            .when(u.lt(pTardy), round(v.multiply(0.25).plus(0.05), 2))
            .otherwise(round(v.multiply(0.35).plus(0.1), 2));
    return ev.select(
        col(STUDENT_ID),
        col(SCHOOL_ID),
        time.day(year, dayIdx).as(EVENT_DATE),
        event.as(ATTENDANCE_EVENT),
        duration.as(EVENT_DURATION));
  }
}
