package org.ostshare.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.publish.MeasureSettings;
import org.ostshare.common.publish.ReportCard;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.schema.Measures;
import org.ostshare.common.test.TestSpark;

/** Report-card measures on tiny hand-made data: each number checked exactly. */
class PublishMeasuresTest {
  private static final LocalDate FROM = LocalDate.parse("2025-09-01");
  private static final LocalDate TO = LocalDate.parse("2025-09-30");
  private final SparkSession spark = TestSpark.get();

  /** Weekdays of September 2025 except Labour Day (1 Sep): 21 instructional days. */
  private Dataset<Row> calendar() {
    List<Row> rows = new ArrayList<>();
    for (String school : List.of("A", "B")) {
      for (LocalDate d = FROM; !d.isAfter(TO); d = d.plusDays(1)) {
        boolean instructional =
            d.getDayOfWeek() != DayOfWeek.SATURDAY
                && d.getDayOfWeek() != DayOfWeek.SUNDAY
                && !d.equals(FROM);
        rows.add(
            RowFactory.create(
                school,
                2026,
                Date.valueOf(d),
                instructional ? "INSTRUCTIONAL_DAY" : "HOLIDAY",
                "p"));
      }
    }
    return spark.createDataFrame(rows, Domain.CALENDAR.conformedSchema());
  }

  private static Row enrol(String s, String school, String entry, String exit) {
    return RowFactory.create(
        s, school, 2026, "3", Date.valueOf(entry), exit == null ? null : Date.valueOf(exit), "p");
  }

  private static Row event(String s, String school, String day, String kind, Double duration) {
    return RowFactory.create(s, school, Date.valueOf(day), kind, duration, "p");
  }

  @Test
  void attendanceCountsDaysOnceAndClassifiesAbsences() {
    Dataset<Row> enrollments =
        spark.createDataFrame(
            List.of(
                // T1: two overlapping enrolments at A: counted once -> 21 days
                enrol("T1", "A", "2025-08-25", "2025-09-19"),
                enrol("T1", "A", "2025-09-10", null),
                // T2: moves from A to B on 15 Sep: 9 days at A (2-12 Sep) + 12 at B (15-30 Sep)
                enrol("T2", "A", "2025-08-25", null),
                enrol("T2", "B", "2025-09-15", null),
                // T3: 9 days (2-12 Sep minus nothing: 2,3,4,5,8,9,10,11,12)
                enrol("T3", "B", "2025-09-01", "2025-09-12"),
                // T4: 20 days, 4 absent -> 20% severe
                enrol("T4", "A", "2025-09-02", "2025-09-29")),
            Domain.ENROLLMENTS.conformedSchema());
    Dataset<Row> events =
        spark.createDataFrame(
            List.of(
                event("T1", "A", "2025-09-03", "EXCUSED_ABSENCE", null),
                // two events on one day: one absence, counted as the worse (unexcused)
                event("T1", "A", "2025-09-04", "EXCUSED_ABSENCE", 1.0),
                event("T1", "A", "2025-09-04", "UNEXCUSED_ABSENCE", 1.0),
                // a quarter day is not an absence; a half day is
                event("T1", "A", "2025-09-05", "UNEXCUSED_ABSENCE", 0.25),
                event("T1", "A", "2025-09-08", "UNEXCUSED_ABSENCE", 0.5),
                event("T1", "A", "2025-09-09", "TARDY", null),
                event("T1", "A", "2025-09-10", "TARDY", null),
                event("T1", "A", "2025-09-10", "EARLY_DEPARTURE", null),
                // not an instructional day, or outside the enrolment: ignored
                event("T1", "A", "2025-09-01", "UNEXCUSED_ABSENCE", null),
                event("T3", "B", "2025-09-22", "UNEXCUSED_ABSENCE", null),
                // in-school suspension is not an absence; out-of-school is
                event("T3", "B", "2025-09-02", "IN_SCHOOL_SUSPENSION", null),
                event("T3", "B", "2025-09-03", "OUT_OF_SCHOOL_SUSPENSION", null),
                event("T4", "A", "2025-09-02", "UNEXCUSED_ABSENCE", null),
                event("T4", "A", "2025-09-03", "UNEXCUSED_ABSENCE", null),
                event("T4", "A", "2025-09-04", "UNEXCUSED_ABSENCE", null),
                event("T4", "A", "2025-09-05", "UNEXCUSED_ABSENCE", null)),
            Domain.ATTENDANCE.conformedSchema());
    Dataset<Row> students =
        spark
            .createDataset(List.of("T1", "T2", "T3", "T4", "T5"), Encoders.STRING())
            .toDF(Cols.STUDENT_ID);
    Map<String, Row> byId = new HashMap<>();
    for (Row r :
        ReportCard.attendance(
                students,
                enrollments,
                calendar(),
                events,
                FROM,
                TO,
                "PERIOD",
                MeasureSettings.defaults())
            .collectAsList()) {
      byId.put(r.getAs(Cols.STUDENT_ID), r);
    }
    assertThat(byId).hasSize(5);
    Row t1 = byId.get("T1");
    assertThat(t1.<Integer>getAs(Measures.DAYS_ENROLLED)).isEqualTo(21);
    assertThat(t1.<Integer>getAs(Measures.DAYS_ABSENT)).isEqualTo(3);
    assertThat(t1.<Integer>getAs(Measures.EXCUSED_ABSENCES)).isEqualTo(1);
    assertThat(t1.<Integer>getAs(Measures.UNEXCUSED_ABSENCES)).isEqualTo(2);
    assertThat(t1.<Integer>getAs(Measures.TARDIES)).isEqualTo(2);
    assertThat(t1.<Integer>getAs(Measures.EARLY_DEPARTURES)).isEqualTo(1);
    assertThat(t1.<Integer>getAs(Measures.DAYS_PRESENT)).isEqualTo(18);
    assertThat(t1.<Double>getAs(Measures.ATTENDANCE_RATE))
        .isCloseTo(18.0 / 21, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t1.<Boolean>getAs(Measures.CHRONICALLY_ABSENT)).isTrue(); // 3/21 = 14.3%
    assertThat(t1.<String>getAs(Measures.CHRONIC_ABSENCE_TIER)).isEqualTo("MODERATE_CHRONIC");

    assertThat(byId.get("T2").<Integer>getAs(Measures.DAYS_ENROLLED)).isEqualTo(21);
    Row t3 = byId.get("T3");
    assertThat(t3.<Integer>getAs(Measures.DAYS_ENROLLED)).isEqualTo(9);
    assertThat(t3.<Integer>getAs(Measures.DAYS_ABSENT)).isEqualTo(1);
    assertThat(t3.<Integer>getAs(Measures.SUSPENSION_ABSENCES)).isEqualTo(1);
    // fewer than 10 days enrolled: no flag, no tier
    assertThat((Object) t3.getAs(Measures.CHRONICALLY_ABSENT)).isNull();
    assertThat((Object) t3.getAs(Measures.CHRONIC_ABSENCE_TIER)).isNull();
    Row t4 = byId.get("T4");
    assertThat(t4.<Integer>getAs(Measures.DAYS_ENROLLED)).isEqualTo(20);
    assertThat(t4.<String>getAs(Measures.CHRONIC_ABSENCE_TIER)).isEqualTo("SEVERE_CHRONIC");
    Row t5 = byId.get("T5");
    assertThat(t5.<Integer>getAs(Measures.DAYS_ENROLLED)).isZero();
    assertThat((Object) t5.getAs(Measures.ATTENDANCE_RATE)).isNull();
  }

  @Test
  void tiersFollowTheSettingsAtTheirBoundaries() {
    // 20 days enrolled; 1 absent = 5% at risk; 0 = satisfactory; 2 = 10% moderate and chronic
    Dataset<Row> enrollments =
        spark.createDataFrame(
            List.of(
                enrol("U0", "A", "2025-09-02", "2025-09-29"),
                enrol("U1", "A", "2025-09-02", "2025-09-29"),
                enrol("U2", "A", "2025-09-02", "2025-09-29")),
            Domain.ENROLLMENTS.conformedSchema());
    Dataset<Row> events =
        spark.createDataFrame(
            List.of(
                event("U1", "A", "2025-09-02", "EXCUSED_ABSENCE", null),
                event("U2", "A", "2025-09-02", "EXCUSED_ABSENCE", null),
                event("U2", "A", "2025-09-03", "EXCUSED_ABSENCE", null)),
            Domain.ATTENDANCE.conformedSchema());
    Dataset<Row> students =
        spark.createDataset(List.of("U0", "U1", "U2"), Encoders.STRING()).toDF(Cols.STUDENT_ID);
    Map<String, Row> byId = new HashMap<>();
    for (Row r :
        ReportCard.attendance(
                students,
                enrollments,
                calendar(),
                events,
                FROM,
                TO,
                "PERIOD",
                MeasureSettings.defaults())
            .collectAsList()) {
      byId.put(r.getAs(Cols.STUDENT_ID), r);
    }
    assertThat(byId.get("U0").<String>getAs(Measures.CHRONIC_ABSENCE_TIER))
        .isEqualTo("SATISFACTORY");
    assertThat(byId.get("U1").<String>getAs(Measures.CHRONIC_ABSENCE_TIER)).isEqualTo("AT_RISK");
    assertThat(byId.get("U1").<Boolean>getAs(Measures.CHRONICALLY_ABSENT)).isFalse();
    assertThat(byId.get("U2").<String>getAs(Measures.CHRONIC_ABSENCE_TIER))
        .isEqualTo("MODERATE_CHRONIC");
    assertThat(byId.get("U2").<Boolean>getAs(Measures.CHRONICALLY_ABSENT)).isTrue();
  }
}
