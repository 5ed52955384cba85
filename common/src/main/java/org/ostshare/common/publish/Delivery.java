package org.ostshare.common.publish;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.FieldRule;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.schema.Measures;
import org.ostshare.common.schema.SharedDomain;
import org.ostshare.common.time.Period;

/**
 * What one partner receives for one period under one agreement: the decisions per candidate
 * student, the projected data sets, the report cards and the disclosure records. Pure: builds Spark
 * plans from the inputs; the job writes them.
 */
public final class Delivery {
  /** Report-card rows: a running number naming the card (never the student id). */
  public static final String CARD_ID = "card_id";

  /** Disclosure-log columns. */
  public static final String AGREEMENT_ID = "agreement_id";

  public static final String AGREEMENT_VERSION = "agreement_version";
  public static final String BASIS = "basis";
  public static final String FIELDS = "fields";
  public static final String AS_OF = "as_of";

  private static final String SID = "_sid";

  private Delivery() {}

  /**
   * @param withheldBecause why nothing is delivered (partner not approved, agreement not in force),
   *     or empty
   * @param decisions student_id, reason, directory_withheld per candidate (district-internal)
   * @param datasets per listed domain, the projected rows (only listed fields, transformed)
   * @param reportCards one row per delivered student: card_id and one column per listed report-card
   *     domain (a struct for student, else an array of structs)
   * @param disclosures one row per delivered student for the record of disclosures
   */
  public record Plan(
      Agreement agreement,
      DeliveryWindow window,
      Optional<String> withheldBecause,
      Dataset<Row> decisions,
      Map<SharedDomain, Dataset<Row>> datasets,
      Dataset<Row> reportCards,
      Dataset<Row> disclosures) {}

  /**
   * Who a partner receives for a period: the window, the partner-level reason nothing goes (if
   * any), and one decision per candidate student.
   *
   * @param window the delivery window of the agreement for the period and date
   * @param withheldBecause why nothing is delivered (partner not approved, agreement not in force),
   *     or empty
   * @param decisions student_id, reason, directory_withheld per candidate (district-internal)
   */
  public record Decisions(
      Agreement agreement,
      DeliveryWindow window,
      Optional<String> withheldBecause,
      Dataset<Row> decisions) {}

  /** Decides every candidate of a partner; reads only what {@link Scope#decide} reads. */
  public static Decisions decide(
      Agreement agreement,
      SourceData src,
      Period period,
      LocalDate asOf,
      Optional<String> partnerNotApproved) {
    DeliveryWindow w = DeliveryWindow.of(period, asOf, agreement.window());
    Optional<Reason> level = Optional.empty();
    Optional<String> because = partnerNotApproved;
    if (partnerNotApproved.isPresent()) {
      level = Optional.of(Reason.PARTNER_NOT_APPROVED);
    } else if (agreement.notInForce(asOf).isPresent()) {
      level = Optional.of(Reason.AGREEMENT_NOT_IN_FORCE);
      because = agreement.notInForce(asOf);
    }
    return new Decisions(agreement, w, because, Scope.decide(agreement, w, src, level));
  }

  public static Plan plan(
      Agreement agreement,
      SourceData src,
      Period period,
      LocalDate asOf,
      MeasureSettings settings,
      Optional<String> partnerNotApproved) {
    return plan(decide(agreement, src, period, asOf, partnerNotApproved), src, period, settings);
  }

  /**
   * The delivery of decided students. {@code src} needs the rows of the delivered students only, so
   * a job may pass sources already cut down to them.
   */
  public static Plan plan(
      Decisions decided, SourceData src, Period period, MeasureSettings settings) {
    return plan(decided, src, period, settings, UnaryOperator.identity());
  }

  /**
   * The delivery of decided students, with each listed domain's rows passed through {@code keep}
   * before the data set and the report cards are built from them. Both read the same rows; a job
   * that keeps them (e.g. as a checkpoint) computes each domain once, not once per output.
   */
  public static Plan plan(
      Decisions decided,
      SourceData src,
      Period period,
      MeasureSettings settings,
      UnaryOperator<Dataset<Row>> keep) {
    Agreement agreement = decided.agreement();
    DeliveryWindow w = decided.window();
    Dataset<Row> delivered = Scope.delivered(decided.decisions());
    Map<SharedDomain, Dataset<Row>> rows = new LinkedHashMap<>();
    Map<SharedDomain, Dataset<Row>> datasets = new LinkedHashMap<>();
    for (SharedDomain d : agreement.domains()) {
      rows.put(d, keep.apply(rows(d, agreement, delivered, src, w, settings)));
      datasets.put(d, project(agreement, d, rows.get(d), delivered));
    }
    return new Plan(
        agreement,
        w,
        decided.withheldBecause(),
        decided.decisions(),
        datasets,
        reportCards(agreement, delivered, rows),
        disclosures(agreement, delivered, period, w.asOf()));
  }

  /** The full rows of a shared domain for the delivered students (internal; not projected). */
  public static Dataset<Row> rows(
      SharedDomain d,
      Agreement agreement,
      Dataset<Row> delivered,
      SourceData src,
      DeliveryWindow w,
      MeasureSettings s) {
    Dataset<Row> students = delivered.select(Cols.STUDENT_ID);
    Dataset<Row> rows =
        switch (d) {
          case STUDENT ->
              src.get(Domain.STUDENTS)
                  .join(students, Cols.STUDENT_ID, "left_semi")
                  .join(
                      Scope.currentEnrolment(
                          src.get(Domain.ENROLLMENTS), src.get(Domain.SCHOOLS), w.asOf()),
                      Cols.STUDENT_ID,
                      "left");
          case ATTENDANCE -> {
            Dataset<Row> period =
                ReportCard.attendance(
                    students,
                    src.get(Domain.ENROLLMENTS),
                    src.get(Domain.CALENDAR),
                    src.get(Domain.ATTENDANCE),
                    w.periodStart(),
                    w.end(),
                    Measures.PERIOD_SPAN,
                    s);
            yield w.yearToDate()
                ? ReportCard.attendance(
                        students,
                        src.get(Domain.ENROLLMENTS),
                        src.get(Domain.CALENDAR),
                        src.get(Domain.ATTENDANCE),
                        w.schoolYearStart(),
                        w.end(),
                        Measures.YEAR_TO_DATE,
                        s)
                    .unionByName(period)
                : period;
          }
          case ASSESSMENT ->
              ReportCard.assessment(students, src.get(Domain.ASSESSMENTS), w.start(), w.end());
          case MARKS ->
              ReportCard.marks(
                  students, src.get(Domain.GRADES), w.period().schoolYear(), s.passingMarks());
          case BEHAVIOUR ->
              ReportCard.behaviour(students, src.get(Domain.DISCIPLINE), w.start(), w.end());
          case OST ->
              ReportCard.ost(
                  students,
                  src.get(Domain.PROGRAM_ENROLLMENTS),
                  src.get(Domain.PROGRAM_ATTENDANCE),
                  src.get(Domain.PROGRAMS),
                  agreement.partner(),
                  w.start(),
                  w.end());
          case ENROLLMENTS ->
              src.get(Domain.ENROLLMENTS)
                  .join(students, Cols.STUDENT_ID, "left_semi")
                  .filter(col(Cols.ENTRY_DATE).leq(lit(w.end())))
                  .filter(col(Cols.EXIT_DATE).isNull().or(col(Cols.EXIT_DATE).geq(lit(w.start()))));
          case ATTENDANCE_EVENTS ->
              inWindow(src.get(Domain.ATTENDANCE), students, Cols.EVENT_DATE, w);
          case ASSESSMENTS ->
              inWindow(src.get(Domain.ASSESSMENTS), students, Cols.ADMINISTRATION_DATE, w);
          case GRADES ->
              src.get(Domain.GRADES)
                  .join(students, Cols.STUDENT_ID, "left_semi")
                  .filter(col(Cols.SCHOOL_YEAR).equalTo(w.period().schoolYear()));
          case DISCIPLINE -> inWindow(src.get(Domain.DISCIPLINE), students, Cols.INCIDENT_DATE, w);
        };
    return rows.select(d.columnNames().stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private static Dataset<Row> inWindow(
      Dataset<Row> table, Dataset<Row> students, String dateColumn, DeliveryWindow w) {
    return table
        .join(students, Cols.STUDENT_ID, "left_semi")
        .filter(col(dateColumn).between(lit(w.start()), lit(w.end())));
  }

  /** Only the listed fields, transformed; directory fields nulled where withheld. */
  static Dataset<Row> project(
      Agreement agreement, SharedDomain d, Dataset<Row> rows, Dataset<Row> delivered) {
    Dataset<Row> withFlag = rows.join(delivered, Cols.STUDENT_ID, "inner");
    return withFlag.select(
        Projection.columns(agreement, d, col(Scope.DIRECTORY_WITHHELD)).toArray(Column[]::new));
  }

  /** One row per delivered student with the listed report-card sections. */
  static Dataset<Row> reportCards(
      Agreement agreement, Dataset<Row> delivered, Map<SharedDomain, Dataset<Row>> domainRows) {
    Dataset<Row> cards = delivered.select(col(Cols.STUDENT_ID).as(SID));
    List<String> sections = new ArrayList<>();
    for (SharedDomain d : agreement.domains()) {
      if (!d.reportCard()) {
        continue;
      }
      Dataset<Row> rows = domainRows.get(d).join(delivered, Cols.STUDENT_ID, "inner");
      Column section =
          struct(
              Projection.columns(agreement, d, col(Scope.DIRECTORY_WITHHELD))
                  .toArray(Column[]::new));
      Dataset<Row> grouped =
          rows.select(col(Cols.STUDENT_ID).as(SID), section.as(d.key()))
              .groupBy(SID)
              .agg(
                  d == SharedDomain.STUDENT
                      ? first(col(d.key())).as(d.key())
                      : collect_list(col(d.key())).as(d.key()));
      cards = cards.join(grouped, SID, "left");
      sections.add(d.key());
    }
    List<Column> out = new ArrayList<>();
    out.add(format_string("%06d", row_number().over(Window.orderBy(col(SID)))).as(CARD_ID));
    sections.forEach(k -> out.add(col(k)));
    return cards.select(out.toArray(Column[]::new));
  }

  /** The record of disclosures for this delivery: one row per delivered student. */
  static Dataset<Row> disclosures(
      Agreement agreement, Dataset<Row> delivered, Period period, LocalDate asOf) {
    List<String> all = agreement.fields().stream().map(FieldRule::qualified).toList();
    List<String> withoutDirectory =
        agreement.fields().stream()
            .filter(
                f ->
                    !(f.domain().equals(SharedDomain.STUDENT.key())
                        && SharedDomain.DIRECTORY_FIELDS.contains(f.field())))
            .map(FieldRule::qualified)
            .toList();
    return delivered.select(
        col(Cols.STUDENT_ID),
        lit(agreement.partner()).as(Cols.PARTNER_ID),
        lit(agreement.id()).as(AGREEMENT_ID),
        lit(agreement.version()).as(AGREEMENT_VERSION),
        lit(agreement.basis().key()).as(BASIS),
        when(col(Scope.DIRECTORY_WITHHELD), strings(withoutDirectory))
            .otherwise(strings(all))
            .as(FIELDS),
        lit(period.toString()).as(Cols.PERIOD),
        lit(asOf).as(AS_OF));
  }

  private static Column strings(List<String> values) {
    if (values.isEmpty()) {
      return array().cast("array<string>");
    }
    return array(values.stream().map(v -> lit(v)).toArray(Column[]::new));
  }
}
