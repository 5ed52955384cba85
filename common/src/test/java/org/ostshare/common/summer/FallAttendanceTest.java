package org.ostshare.common.summer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.test.TestSpark;

/**
 * Days enrolled, days absent and chronic absence over a span, one case per student: each case gives
 * a student's enrolments and absence events against two schools' calendars and the exact row that
 * must come out. The span is 107 days, two words of {@link DayBits}, and school A's instructional
 * days sit on both sides of the words' boundary (days 63 and 64 of the span).
 */
class FallAttendanceTest {
  static final LocalDate FROM = LocalDate.parse("2025-07-01");
  static final LocalDate TO = FROM.plusDays(106); // 2025-10-15
  static final int MIN_DAYS = 3;
  static final double THRESHOLD = 0.10;

  /** School A's instructional days of the span (0 = FROM); calendar() adds days not counted. */
  static final int[] A_DAYS = {0, 1, 2, 3, 4, 62, 63, 64, 65, 105, 106};

  /** School B: four instructional days, two of them shared with A (days 3 and 4). */
  static final int[] B_DAYS = {3, 4, 5, 6};

  static String day(int d) {
    return FROM.plusDays(d).toString();
  }

  static Dataset<Row> calendar(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int d : A_DAYS) {
      rows.add(RowFactory.create("A", Date.valueOf(day(d)), "INSTRUCTIONAL_DAY"));
    }
    for (int d : B_DAYS) {
      rows.add(RowFactory.create("B", Date.valueOf(day(d)), "INSTRUCTIONAL_DAY"));
    }
    // days that are never counted: a holiday, and instructional days outside the span
    rows.add(RowFactory.create("A", Date.valueOf(day(10)), "HOLIDAY"));
    rows.add(RowFactory.create("A", Date.valueOf(FROM.minusDays(1)), "INSTRUCTIONAL_DAY"));
    rows.add(RowFactory.create("A", Date.valueOf(TO.plusDays(1)), "INSTRUCTIONAL_DAY"));
    return frame(
        spark,
        rows,
        Cols.SCHOOL_ID,
        DataTypes.StringType,
        Cols.CALENDAR_DATE,
        DataTypes.DateType,
        Cols.CALENDAR_EVENT,
        DataTypes.StringType);
  }

  /** An enrolment: school, entry day and exit day of the span (null: open). */
  record Enrolment(String school, int entry, Integer exit) {}

  /**
   * An attendance event: the school that recorded it, day of the span, event, duration (null: the
   * whole day).
   */
  record Event(String school, int day, String event, Double duration) {}

  static Enrolment at(String school, int entry, Integer exit) {
    return new Enrolment(school, entry, exit);
  }

  /** An event recorded by school A. */
  static Event ev(int day, String event, Double duration) {
    return evAt("A", day, event, duration);
  }

  static Event evAt(String school, int day, String event, Double duration) {
    return new Event(school, day, event, duration);
  }

  /** One student's rows and the counts that must come out (chronic: null when not counted). */
  record Case(
      String name,
      List<Enrolment> enrolments,
      List<Event> events,
      int enrolled,
      int absent,
      Boolean chronic) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> students() {
    return Stream.of(
        new Case(
            "enrolled all span, never absent",
            List.of(at("A", -30, null)),
            List.of(),
            11,
            0,
            false),
        new Case(
            "one full absence in eleven days is not chronic (9.1 %)",
            List.of(at("A", 0, null)), List.of(ev(2, "UNEXCUSED_ABSENCE", null)), 11, 1, false),
        new Case(
            "half a day counts, a quarter does not; tardies and early departures never",
            List.of(at("A", 0, null)),
            List.of(
                ev(1, "EXCUSED_ABSENCE", 0.5),
                ev(2, "EXCUSED_ABSENCE", 0.25),
                ev(3, "TARDY", null),
                ev(4, "EARLY_DEPARTURE", 1.0)),
            11,
            1,
            false),
        new Case(
            "two events on one day are one day absent; suspensions count",
            List.of(at("A", 0, null)),
            List.of(
                ev(62, "EXCUSED_ABSENCE", null),
                ev(62, "UNEXCUSED_ABSENCE", null),
                ev(63, "OUT_OF_SCHOOL_SUSPENSION", null)),
            11,
            2,
            true),
        new Case(
            "absences outside the span are not counted",
            List.of(at("A", 0, null)),
            List.of(ev(-1, "UNEXCUSED_ABSENCE", null), ev(107, "UNEXCUSED_ABSENCE", null)),
            11,
            0,
            false),
        new Case(
            "an enrolment ending on day 63 stops at the words' boundary",
            List.of(at("A", 0, 63)),
            List.of(),
            7,
            0,
            false),
        new Case(
            "an enrolment starting on day 64 starts at the words' boundary",
            List.of(at("A", 64, null)),
            List.of(ev(65, "UNEXCUSED_ABSENCE", null)),
            4,
            1,
            true),
        new Case(
            "overlapping enrolments at two schools count a shared day once",
            List.of(at("A", 0, 4), at("B", 3, 6)),
            List.of(),
            7,
            0,
            false),
        new Case(
            "the same school twice, overlapping, counts each day once",
            List.of(at("A", 0, 3), at("A", 2, 63)),
            List.of(),
            7,
            0,
            false),
        new Case(
            "absences count only on days enrolled: before the enrolment, or at another school, not",
            List.of(at("B", 5, 6)),
            List.of(
                ev(1, "UNEXCUSED_ABSENCE", null),
                evAt("B", 2, "UNEXCUSED_ABSENCE", null),
                ev(5, "UNEXCUSED_ABSENCE", null),
                evAt("B", 6, "UNEXCUSED_ABSENCE", null)),
            2,
            1,
            null),
        new Case(
            "an absence on a day without instruction (a holiday, a day off the calendar) is not a day"
                + " absent",
            List.of(at("A", 0, null)),
            List.of(ev(10, "UNEXCUSED_ABSENCE", null), ev(20, "EXCUSED_ABSENCE", null)),
            11,
            0,
            false),
        new Case(
            "an absence after the enrolment ended is not counted",
            List.of(at("A", 0, 3)),
            List.of(ev(3, "UNEXCUSED_ABSENCE", null), ev(62, "UNEXCUSED_ABSENCE", null)),
            4,
            1,
            true),
        new Case(
            "absent at both schools on a shared day is one day absent",
            List.of(at("A", 0, 4), at("B", 3, 6)),
            List.of(
                evAt("A", 3, "UNEXCUSED_ABSENCE", null),
                evAt("B", 3, "EXCUSED_ABSENCE", null),
                evAt("B", 5, "EXCUSED_ABSENCE", null)),
            7,
            2,
            true),
        new Case(
            "left before the span: no days, so chronic absence is not counted",
            List.of(at("A", -40, -1)),
            List.of(ev(0, "UNEXCUSED_ABSENCE", null)),
            0,
            0,
            null),
        new Case("never enrolled", List.of(), List.of(), 0, 0, null),
        new Case(
            "enrolled only between instructional days",
            List.of(at("A", 7, 60)),
            List.of(),
            0,
            0,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("students")
  void countsTheDaysOfOneStudent(Case c) {
    SparkSession spark = TestSpark.get();
    List<Row> rows = perStudent(spark, List.of("S1"), c.enrolments(), c.events()).collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .isEqualTo(RowFactory.create("S1", c.enrolled(), c.absent(), c.chronic()));
  }

  @Test
  void oneRowPerCohortStudentInTheColumnsOfTheContract() {
    SparkSession spark = TestSpark.get();
    // S9's rows belong to nobody in the cohort: they must not appear or change anyone's counts
    Dataset<Row> out =
        perStudent(spark, List.of("S1", "S2", "S1"), List.of(at("A", 0, null)), List.of());
    assertThat(out.columns())
        .containsExactly(
            Cols.STUDENT_ID,
            SummerCols.DAYS_ENROLLED,
            SummerCols.DAYS_ABSENT,
            SummerCols.CHRONICALLY_ABSENT);
    assertThat(out.orderBy(Cols.STUDENT_ID).collectAsList())
        .containsExactly(
            RowFactory.create("S1", 11, 0, false), RowFactory.create("S2", 0, 0, null));
  }

  @Test
  void aYearIsSixWordsAndASpanMayNotEndBeforeItStarts() {
    assertThat(new DayBits(FROM, FROM).words()).isEqualTo(1);
    assertThat(new DayBits(FROM, FROM.plusDays(63)).words()).isEqualTo(1);
    assertThat(new DayBits(FROM, FROM.plusDays(64)).words()).isEqualTo(2);
    assertThat(new DayBits(FROM, FROM.plusDays(365)).words()).isEqualTo(6);
    assertThatThrownBy(() -> new DayBits(FROM, FROM.minusDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The enrolments and events are S1's; S9, who is not in the cohort, has the same rows and a full
   * absence on every day of school A.
   */
  static Dataset<Row> perStudent(
      SparkSession spark, List<String> cohort, List<Enrolment> enrolments, List<Event> events) {
    List<Row> enrolRows = new ArrayList<>();
    List<Row> eventRows = new ArrayList<>();
    for (String student : List.of("S1", "S9")) {
      for (Enrolment e : enrolments) {
        enrolRows.add(
            RowFactory.create(
                student,
                e.school(),
                Date.valueOf(day(e.entry())),
                e.exit() == null ? null : Date.valueOf(day(e.exit()))));
      }
      for (Event e : events) {
        eventRows.add(
            RowFactory.create(
                student, e.school(), Date.valueOf(day(e.day())), e.event(), e.duration()));
      }
    }
    Arrays.stream(A_DAYS)
        .forEach(
            d ->
                eventRows.add(
                    RowFactory.create("S9", "A", Date.valueOf(day(d)), "UNEXCUSED_ABSENCE", null)));
    Dataset<Row> students =
        frame(
            spark,
            cohort.stream().map(s -> RowFactory.create(s)).toList(),
            Cols.STUDENT_ID,
            DataTypes.StringType);
    Dataset<Row> enrollments =
        frame(
            spark,
            enrolRows,
            Cols.STUDENT_ID,
            DataTypes.StringType,
            Cols.SCHOOL_ID,
            DataTypes.StringType,
            Cols.ENTRY_DATE,
            DataTypes.DateType,
            Cols.EXIT_DATE,
            DataTypes.DateType);
    Dataset<Row> attendance =
        frame(
            spark,
            eventRows,
            Cols.STUDENT_ID,
            DataTypes.StringType,
            Cols.SCHOOL_ID,
            DataTypes.StringType,
            Cols.EVENT_DATE,
            DataTypes.DateType,
            Cols.ATTENDANCE_EVENT,
            DataTypes.StringType,
            Cols.EVENT_DURATION,
            DataTypes.DoubleType);
    return FallAttendance.perStudent(
        students, calendar(spark), enrollments, attendance, FROM, TO, MIN_DAYS, THRESHOLD);
  }

  /** A frame of these rows, its columns given as name, type, name, type, ... */
  static Dataset<Row> frame(SparkSession spark, List<Row> rows, Object... columns) {
    StructType schema = new StructType();
    for (int i = 0; i < columns.length; i += 2) {
      schema = schema.add((String) columns[i], (DataType) columns[i + 1]);
    }
    return spark.createDataFrame(rows, schema);
  }
}
