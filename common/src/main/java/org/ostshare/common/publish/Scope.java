package org.ostshare.common.publish;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.Basis;
import org.ostshare.common.agreement.ServedRule;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;

/**
 * Row scope: which students a partner receives for a period, as Spark transforms. Pure functions of
 * their arguments; no configuration is read here. See DOMAIN.md, "Who may see what".
 */
public final class Scope {
  /** Decision columns: the student, the {@link Reason} name, whether directory fields go. */
  public static final String REASON = "reason";

  public static final String DIRECTORY_WITHHELD = "directory_withheld";

  private static final String SERVED = "_served";
  private static final String ALL_OUT = "_all_sharing_out";
  private static final String DIR_OUT = "_directory_out";
  private static final String CONSENT = "_consent";

  private Scope() {}

  /**
   * Why a partner is not approved on a date, judged on its registry row, or empty when it is.
   * Approved means: status APPROVED, board approval on or before the date, not suspended on or
   * before it, and not expired before it.
   */
  public static Optional<String> partnerNotApproved(Row partner, String partnerId, LocalDate asOf) {
    if (partner == null) {
      return Optional.of("partner " + partnerId + " is not in the partner registry");
    }
    String status = partner.getAs(Cols.STATUS);
    LocalDate board = date(partner, Cols.BOARD_APPROVAL_DATE);
    LocalDate suspended = date(partner, Cols.SUSPENDED_DATE);
    LocalDate expiry = date(partner, Cols.EXPIRY_DATE);
    if (!"APPROVED".equals(status)) {
      return Optional.of("partner " + partnerId + " has status " + status);
    }
    if (board == null || board.isAfter(asOf)) {
      return Optional.of(
          "partner "
              + partnerId
              + (board == null ? " has no board approval date" : " is approved only on " + board));
    }
    if (suspended != null && !suspended.isAfter(asOf)) {
      return Optional.of("partner " + partnerId + " was suspended on " + suspended);
    }
    if (expiry != null && expiry.isBefore(asOf)) {
      return Optional.of("partner " + partnerId + "'s approval expired on " + expiry);
    }
    return Optional.empty();
  }

  /**
   * The partner's matched programme enrolments: student_id, program_id, begin_date and the
   * effective end_date (the roster's end, else the programme's end).
   */
  public static Dataset<Row> partnerEnrolments(
      Dataset<Row> programEnrollments, Dataset<Row> programs, String partner) {
    Dataset<Row> own =
        programs
            .filter(col(Cols.PARTNER_ID).equalTo(lit(partner)))
            .select(col(Cols.PROGRAM_ID), col(Cols.END_DATE).as("_program_end"));
    return programEnrollments
        .filter(col(Cols.STUDENT_ID).isNotNull())
        .join(own, Cols.PROGRAM_ID)
        .select(
            col(Cols.STUDENT_ID),
            col(Cols.PROGRAM_ID),
            col(Cols.BEGIN_DATE),
            coalesce(col(Cols.END_DATE), col("_program_end")).as(Cols.END_DATE));
  }

  /**
   * Whether an enrolment (begin_date, end_date) makes its student served under a rule. An open end
   * counts as still enrolled.
   */
  public static Column served(ServedRule rule, int graceDays, DeliveryWindow w) {
    Column begin = col(Cols.BEGIN_DATE);
    Column end = date_add(col(Cols.END_DATE), graceDays);
    Column endOpen = col(Cols.END_DATE).isNull();
    if (rule == ServedRule.ACTIVE_ON_AS_OF) {
      return begin.leq(lit(w.asOf())).and(endOpen.or(end.geq(lit(w.asOf()))));
    }
    return begin.leq(lit(w.period().end())).and(endOpen.or(end.geq(lit(w.period().start()))));
  }

  /** Students with an opt-out of a type in effect on a date (effective, not yet revoked). */
  public static Dataset<Row> optedOut(Dataset<Row> optOuts, String type, LocalDate asOf) {
    return optOuts
        .filter(col(Cols.OPT_OUT_TYPE).equalTo(lit(type)))
        .filter(inEffect(Cols.EFFECTIVE_DATE, asOf))
        .select(Cols.STUDENT_ID)
        .distinct();
  }

  /** Students with consent for the partner on file and not revoked on a date. */
  public static Dataset<Row> consented(Dataset<Row> consents, String partner, LocalDate asOf) {
    return consents
        .filter(col(Cols.PARTNER_ID).equalTo(lit(partner)))
        .filter(inEffect(Cols.GRANTED_DATE, asOf))
        .select(Cols.STUDENT_ID)
        .distinct();
  }

  private static Column inEffect(String from, LocalDate asOf) {
    return col(from)
        .leq(lit(asOf))
        .and(col(Cols.REVOKED_DATE).isNull().or(col(Cols.REVOKED_DATE).gt(lit(asOf))));
  }

  /**
   * Each student's school enrolment on a date: the one active on it, else the latest begun before
   * it. Columns: student_id, school_id, school_name, grade_level.
   */
  public static Dataset<Row> currentEnrolment(
      Dataset<Row> enrollments, Dataset<Row> schools, LocalDate asOf) {
    Column active = col(Cols.EXIT_DATE).isNull().or(col(Cols.EXIT_DATE).geq(lit(asOf))).cast("int");
    Dataset<Row> ranked =
        enrollments
            .filter(col(Cols.ENTRY_DATE).leq(lit(asOf)))
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy(Cols.STUDENT_ID)
                            .orderBy(active.desc(), col(Cols.ENTRY_DATE).desc())))
            .filter(col("_rank").equalTo(1));
    return ranked
        .join(schools.select(Cols.SCHOOL_ID, Cols.SCHOOL_NAME), Cols.SCHOOL_ID, "left")
        .select(Cols.STUDENT_ID, Cols.SCHOOL_ID, Cols.SCHOOL_NAME, Cols.GRADE_LEVEL);
  }

  /**
   * One row per candidate student of the partner (every student matched to one of its rosters):
   * student_id, reason, directory_withheld. A partner-level reason (not approved, agreement not in
   * force) applies to every candidate.
   */
  public static Dataset<Row> decide(
      Agreement agreement, DeliveryWindow w, SourceData src, Optional<Reason> partnerLevel) {
    Dataset<Row> enrolments =
        partnerEnrolments(
            src.get(Domain.PROGRAM_ENROLLMENTS), src.get(Domain.PROGRAMS), agreement.partner());
    Dataset<Row> candidates =
        enrolments
            .groupBy(Cols.STUDENT_ID)
            .agg(max(served(agreement.served(), agreement.graceDays(), w).cast("int")).as(SERVED));
    if (partnerLevel.isPresent()) {
      return candidates.select(
          col(Cols.STUDENT_ID),
          lit(partnerLevel.get().name()).as(REASON),
          lit(false).as(DIRECTORY_WITHHELD));
    }
    Dataset<Row> opts = src.get(Domain.OPT_OUTS);
    Dataset<Row> all = optedOut(opts, "ALL_SHARING", w.asOf()).withColumn(ALL_OUT, lit(true));
    Dataset<Row> dir = optedOut(opts, "DIRECTORY", w.asOf()).withColumn(DIR_OUT, lit(true));
    Dataset<Row> consent =
        consented(src.get(Domain.CONSENTS), agreement.partner(), w.asOf())
            .withColumn(CONSENT, lit(true));
    Dataset<Row> grade =
        currentEnrolment(src.get(Domain.ENROLLMENTS), src.get(Domain.SCHOOLS), w.asOf())
            .select(Cols.STUDENT_ID, Cols.GRADE_LEVEL);

    Dataset<Row> joined =
        candidates
            .join(all, Cols.STUDENT_ID, "left")
            .join(dir, Cols.STUDENT_ID, "left")
            .join(consent, Cols.STUDENT_ID, "left")
            .join(grade, Cols.STUDENT_ID, "left");

    Column inGrades =
        agreement.grades().isEmpty()
            ? lit(true)
            : coalesce(col(Cols.GRADE_LEVEL).isin(agreement.grades().toArray()), lit(false));
    Column dirOut = coalesce(col(DIR_OUT), lit(false));
    Column consentOnFile = coalesce(col(CONSENT), lit(false));
    Basis basis = agreement.basis();
    Column reason =
        when(col(SERVED).notEqual(1), lit(Reason.NOT_SERVED.name()))
            .when(coalesce(col(ALL_OUT), lit(false)), lit(Reason.ALL_SHARING_OPT_OUT.name()))
            .when(
                lit(basis == Basis.CONSENT).and(functions_not(consentOnFile)),
                lit(Reason.NO_CONSENT.name()))
            .when(functions_not(inGrades), lit(Reason.OUT_OF_GRADE_SCOPE.name()))
            .when(lit(basis == Basis.DIRECTORY).and(dirOut), lit(Reason.DIRECTORY_OPT_OUT.name()))
            .when(
                lit(agreement.withholdsDirectoryOnOptOut()).and(dirOut),
                lit(Reason.INCLUDED_DIRECTORY_WITHHELD.name()))
            .otherwise(lit(Reason.INCLUDED.name()));
    return joined.select(
        col(Cols.STUDENT_ID),
        reason.as(REASON),
        lit(agreement.withholdsDirectoryOnOptOut()).and(dirOut).as(DIRECTORY_WITHHELD));
  }

  /** The delivered students of a decision: student_id, directory_withheld. */
  public static Dataset<Row> delivered(Dataset<Row> decisions) {
    return decisions
        .filter(col(REASON).isin(Reason.INCLUDED.name(), Reason.INCLUDED_DIRECTORY_WITHHELD.name()))
        .select(Cols.STUDENT_ID, DIRECTORY_WITHHELD);
  }

  /** Counts of students by reason, every reason present (zero where none). */
  public static Map<Reason, Long> counts(Dataset<Row> decisions) {
    Map<Reason, Long> out = new LinkedHashMap<>();
    for (Reason r : Reason.values()) {
      out.put(r, 0L);
    }
    List<Row> rows = decisions.groupBy(REASON).count().collectAsList();
    for (Row r : rows) {
      out.put(Reason.valueOf(r.getString(0)), r.getLong(1));
    }
    return out;
  }

  private static Column functions_not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  private static LocalDate date(Row row, String column) {
    Object v = row.getAs(column);
    if (v == null) {
      return null;
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return (LocalDate) v;
  }
}
