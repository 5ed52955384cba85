package org.ostshare.common.publish;

import java.time.LocalDate;
import org.ostshare.common.agreement.RecordWindow;
import org.ostshare.common.time.Period;
import org.ostshare.common.time.SchoolYear;

/**
 * The dates a delivery covers.
 *
 * @param period the reporting period
 * @param asOf the date approval, consent, opt-outs and "active" enrolments are judged on
 * @param start first day of records released (school year start or period start)
 * @param end last day of records released (the period's end)
 */
public record DeliveryWindow(Period period, LocalDate asOf, LocalDate start, LocalDate end) {

  public static DeliveryWindow of(Period period, LocalDate asOf, RecordWindow window) {
    LocalDate start =
        window == RecordWindow.PERIOD ? period.start() : SchoolYear.start(period.schoolYear());
    return new DeliveryWindow(period, asOf, start, period.end());
  }

  /** First day of the school year the period belongs to. */
  public LocalDate schoolYearStart() {
    return SchoolYear.start(period.schoolYear());
  }

  /** First day of the period span inside the window. */
  public LocalDate periodStart() {
    return start.isAfter(period.start()) ? start : period.start();
  }

  public boolean yearToDate() {
    return start.equals(schoolYearStart());
  }
}
