package org.ostshare.common.schema;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * A day absent: half the day or more missed, for any reason (excused, unexcused, out-of-school
 * suspension); tardies and early departures are counted apart. The one definition behind the report
 * card's days absent and the summer analysis's fall attendance, so the two always agree.
 */
public final class Absence {
  /** Attendance events that are a day absent when they cover enough of the day. */
  public static final List<String> EVENTS =
      List.of("EXCUSED_ABSENCE", "UNEXCUSED_ABSENCE", "OUT_OF_SCHOOL_SUSPENSION");

  /** The share of the day that must be missed; an event without a duration is a whole day. */
  public static final double MIN_SHARE_OF_DAY = 0.5;

  private Absence() {}

  /** Whether an attendance row (attendance_event, event_duration) records a day absent. */
  public static Column recorded() {
    return col(Cols.ATTENDANCE_EVENT)
        .isin(EVENTS.toArray())
        .and(coalesce(col(Cols.EVENT_DURATION), lit(1.0)).geq(MIN_SHARE_OF_DAY));
  }
}
