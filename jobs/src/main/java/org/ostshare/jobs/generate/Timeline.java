package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.ostshare.common.time.SchoolYear;

/**
 * The district's dates, worked out once on the driver (a few hundred days): the calendar of each of
 * the two school years, the afterschool terms, the grading periods, the test windows and the summer
 * camp. Student-level code never loops over days: it draws an index into a year's array of
 * instructional days, so a student's events land on instructional days by construction.
 */
final class Timeline {
  /** Instructional days a school year has; the last day of the year follows the 180th. */
  static final int INSTRUCTIONAL_DAYS = 180;

  /** Grading periods end at these instructional-day indices (0-based). */
  static final int[] QUARTER_ENDS = {44, 89, 134, 179};

  /** Test windows as instructional-day index ranges, and the share of the year's gain. */
  record Window(String code, int lo, int hi, double share) {}

  static final List<Window> WINDOWS =
      List.of(
          new Window("FALL", 8, 22, 0.0),
          new Window("WINTER", 88, 100, 0.55),
          new Window("SPRING", 150, 165, 1.0));

  /** An afterschool term: instructional-day index range within a year. */
  record Term(int year, String code, int beginIdx, int endIdx) {}

  /** One school year's calendar. */
  record Year(int year, List<LocalDate> instructional, Map<LocalDate, String> weekdays) {
    LocalDate base() {
      return SchoolYear.start(year);
    }

    int[] offsets() {
      return instructional.stream()
          .mapToInt(d -> (int) ChronoUnit.DAYS.between(base(), d))
          .toArray();
    }

    LocalDate day(int idx) {
      return instructional.get(idx);
    }
  }

  final int first;
  final int second;
  final LocalDate asOf;
  final Year year1;
  final Year year2;
  final List<LocalDate> campDays;

  Timeline(int firstSchoolYear, LocalDate asOf) {
    this.first = firstSchoolYear;
    this.second = firstSchoolYear + 1;
    this.asOf = asOf;
    this.year1 = calendar(first);
    this.year2 = calendar(second);
    this.campDays = camp(first);
  }

  Year year(int y) {
    return y == first ? year1 : year2;
  }

  /** Index of the last instructional day on or before as-of in a year, or -1. */
  int lastIdx(int y) {
    List<LocalDate> days = year(y).instructional();
    int last = -1;
    for (int i = 0; i < days.size(); i++) {
      if (!days.get(i).isAfter(asOf)) {
        last = i;
      }
    }
    return last;
  }

  boolean yearStarted(int y) {
    return lastIdx(y) >= 0;
  }

  /** Whether the summer camp between the years has begun by as-of. */
  boolean campHeld() {
    return !campDays.isEmpty() && !campDays.get(0).isAfter(asOf);
  }

  List<Term> terms() {
    List<Term> out = new ArrayList<>();
    for (int y : List.of(first, second)) {
      for (Term t : List.of(new Term(y, (y - 1) + "F", 15, 70), new Term(y, y + "S", 95, 160))) {
        if (!year(y).day(t.beginIdx()).isAfter(asOf)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The date of instructional day {@code idx} of school year {@code year} (both columns). */
  Column day(Column year, Column idx) {
    return when(year.equalTo(first), day(year1, idx)).otherwise(day(year2, idx));
  }

  static Column day(Year y, Column idx) {
    return date_add(lit(y.base()), element_at(lit(y.offsets()), idx.plus(1)));
  }

  /** Last instructional index on or before as-of, for a year column. */
  Column lastIdx(Column year) {
    return when(year.equalTo(first), lit(lastIdx(first))).otherwise(lit(lastIdx(second)));
  }

  /**
   * A school year: weekdays from the last week of August; Labor Day, Thanksgiving, winter break,
   * MLK and Presidents' days, spring break, Memorial Day and Juneteenth are holidays; opening days,
   * Election Day and a records day are teacher-only; the year ends after 180 instructional days
   * with a records day.
   */
  static Year calendar(int year) {
    int y0 = year - 1;
    LocalDate start = LocalDate.of(y0, 8, 24).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    List<LocalDate> holidays = new ArrayList<>();
    holidays.add(LocalDate.of(y0, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)));
    LocalDate thanksgiving =
        LocalDate.of(y0, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY));
    holidays.add(thanksgiving);
    holidays.add(thanksgiving.plusDays(1));
    for (LocalDate d = LocalDate.of(y0, 12, 23);
        !d.isAfter(LocalDate.of(year, 1, 2));
        d = d.plusDays(1)) {
      holidays.add(d);
    }
    holidays.add(
        LocalDate.of(year, 1, 1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.MONDAY)));
    holidays.add(
        LocalDate.of(year, 2, 1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.MONDAY)));
    LocalDate spring =
        LocalDate.of(year, 4, 1).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    for (int i = 0; i < 5; i++) {
      holidays.add(spring.plusDays(i));
    }
    holidays.add(
        LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    holidays.add(LocalDate.of(year, 6, 19));
    List<LocalDate> teacherOnly = new ArrayList<>();
    teacherOnly.add(start);
    teacherOnly.add(start.plusDays(1));
    teacherOnly.add(
        LocalDate.of(y0, 11, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)).plusDays(1));
    teacherOnly.add(
        LocalDate.of(year, 2, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.FRIDAY)));

    Map<LocalDate, String> weekdays = new LinkedHashMap<>();
    List<LocalDate> instructional = new ArrayList<>();
    LocalDate d = start;
    while (true) {
      if (d.getDayOfWeek().getValue() <= 5) {
        if (instructional.size() == INSTRUCTIONAL_DAYS) {
          weekdays.put(d, "TEACHER_ONLY_DAY"); // records day closes the year
          break;
        }
        String event =
            holidays.contains(d)
                ? "HOLIDAY"
                : teacherOnly.contains(d) ? "TEACHER_ONLY_DAY" : "INSTRUCTIONAL_DAY";
        weekdays.put(d, event);
        if (event.equals("INSTRUCTIONAL_DAY")) {
          instructional.add(d);
        }
      }
      d = d.plusDays(1);
    }
    return new Year(year, List.copyOf(instructional), weekdays);
  }

  /** Summer camp: weekdays from the Monday after 21 June to 31 July, without 4 July. */
  static List<LocalDate> camp(int calendarYear) {
    LocalDate begin =
        LocalDate.of(calendarYear, 6, 22).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    LocalDate july4 = LocalDate.of(calendarYear, 7, 4);
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = begin; !d.isAfter(LocalDate.of(calendarYear, 7, 31)); d = d.plusDays(1)) {
      if (d.getDayOfWeek().getValue() <= 5 && !d.equals(july4)) {
        days.add(d);
      }
    }
    return List.copyOf(days);
  }
}
