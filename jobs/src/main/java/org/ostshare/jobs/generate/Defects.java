package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.quality.Reason.*;
import static org.ostshare.common.schema.Cols.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.ColumnSpec;
import org.ostshare.common.schema.ColumnType;
import org.ostshare.common.schema.Domain;

/**
 * Planted defects: extra rows, never changes to clean rows, so that ingestion's counts can be
 * checked exactly (accepted = clean rows; quarantined by reason = defects by kind).
 *
 * <p>About {@code rate} of a domain's clean rows are drawn as templates, never more than a given
 * cap (the generator passes floor(rate × clean rows), so a domain too small for one defect gets
 * none); templates take the domain's kinds in turn. Each defective row starts from a template with
 * a fresh key (an {@code X}-prefixed id nothing refers to, or dates moved back 520 weeks and the
 * school year 10 years), so it collides with no clean row and nothing cascades to other domains,
 * and then gets exactly one defect. Exceptions by design: {@code DUPLICATE_ROW} is an exact copy of
 * the template (ingestion keeps the first copy), and {@code CONFLICTING_KEY} is two rows sharing a
 * fresh key with different content (both are quarantined, so it counts two rows). Orphan references
 * use a {@code Z} prefix, which no row of any domain has. {@code MALFORMED_LINE} and {@code
 * BAD_ENCODING} are raw lines, written to a separate file.
 *
 * <p>The defective rows go into files of their own beside the clean parts ({@link #CSV_FILE},
 * {@link #RAW_FILE}): the clean parts are written first, and their row count sets the cap.
 */
final class Defects {
  /** Internal columns of a defect frame besides the canonical ones. */
  static final String KIND = "_kind";

  /** The raw line for MALFORMED_LINE and BAD_ENCODING rows; null for CSV rows. */
  static final String LINE = "_line";

  static final String KEY = "_key";

  /** The file of a domain's folder that holds its defective CSV rows. */
  static final String CSV_FILE = "defects-rows.csv";

  /** The file of a domain's folder that holds its raw defective lines. */
  static final String RAW_FILE = "defects-00000.csv";

  private static final String N = "_n";
  private static final String H = "_h";

  /** Days a fresh key moves dates back: 520 weeks keeps the weekday. */
  static final int SHIFT_DAYS = 3640;

  private Defects() {}

  /** One way to damage a row; CONFLICTING_KEY damages yield two rows. */
  private record Damage(Reason kind, UnaryOperator<Map<String, Column>> apply) {}

  /**
   * The defective rows for a domain: the canonical columns (strings), plus {@link #KIND}, {@link
   * #LINE} and {@link #KEY}.
   */
  static Planted of(Domain domain, Dataset<Row> clean, double rate, long cap, Draws d) {
    List<Damage> damages = damages(domain);
    List<String> key = domain.key();
    Column[] keyCols = key.stream().map(c -> col(c)).toArray(Column[]::new);
    Column[] order = new Column[key.size() + 1];
    order[0] = col(H);
    System.arraycopy(keyCols, 0, order, 1, keyCols.length);
    Dataset<Row> templates =
        clean
            .withColumn(H, d.uniform("defect-" + domain.table(), keyCols))
            .filter(col(H).lt(rate))
            .withColumn(N, row_number().over(Window.orderBy(order)))
            .filter(col(N).leq(cap))
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<Dataset<Row>> parts = new ArrayList<>();
    for (int k = 0; k < damages.size(); k++) {
      Damage damage = damages.get(k);
      Dataset<Row> t = templates.filter(pmod(col(N).minus(1), lit(damages.size())).equalTo(k));
      if (damage.kind() == CONFLICTING_KEY) {
        Map<String, Column> a = fresh(domain, row(domain));
        Map<String, Column> b = damage.apply().apply(fresh(domain, row(domain)));
        parts.add(t.select(render(domain, a, damage.kind(), false)));
        parts.add(t.select(render(domain, b, damage.kind(), false)));
      } else if (damage.kind() == DUPLICATE_ROW) {
        parts.add(t.select(render(domain, row(domain), damage.kind(), false)));
      } else {
        Map<String, Column> r = damage.apply().apply(fresh(domain, row(domain)));
        parts.add(t.select(render(domain, r, damage.kind(), raw(damage.kind()))));
      }
    }
    return new Planted(parts.stream().reduce(Dataset::unionByName).orElseThrow(), templates);
  }

  /** Whether defects of this kind are raw lines rather than CSV rows. */
  static boolean raw(Reason kind) {
    return kind == MALFORMED_LINE || kind == BAD_ENCODING;
  }

  /** Defective rows, and the cached templates to release once they are written. */
  record Planted(Dataset<Row> rows, Dataset<Row> templates) {}

  private static Map<String, Column> row(Domain domain) {
    Map<String, Column> r = new LinkedHashMap<>();
    for (String c : domain.columnNames()) {
      r.put(c, col(c));
    }
    return r;
  }

  private static Column[] render(Domain domain, Map<String, Column> r, Reason kind, boolean raw) {
    List<Column> out = new ArrayList<>();
    for (String c : domain.columnNames()) {
      out.add(raw ? lit(null).cast("string").as(c) : r.get(c).cast("string").as(c));
    }
    out.add(lit(kind.name()).as(KIND));
    out.add((raw ? line(domain, r, kind) : lit(null).cast("string")).as(LINE));
    List<Column> key = new ArrayList<>();
    for (String c : domain.key()) {
      key.add(concat(lit(c + "="), coalesce(r.get(c).cast("string"), lit(""))));
    }
    out.add(concat_ws(";", key.toArray(Column[]::new)).as(KEY));
    return out.toArray(Column[]::new);
  }

  /** Renders a row as an RFC 4180 line (every field quoted), broken as its kind requires. */
  private static Column line(Domain domain, Map<String, Column> r, Reason kind) {
    List<Column> fields = new ArrayList<>();
    for (String c : domain.columnNames()) {
      Column v = r.get(c).cast("string");
      fields.add(
          when(v.isNull(), lit(""))
              .otherwise(concat(lit("\""), regexp_replace(v, "\"", "\"\""), lit("\""))));
    }
    if (kind == MALFORMED_LINE) {
      // alternately one field short and one field too many
      Column shortLine =
          concat_ws(",", fields.subList(0, fields.size() - 1).toArray(Column[]::new));
      fields.add(lit("\"EXTRA\""));
      Column longLine = concat_ws(",", fields.toArray(Column[]::new));
      return when(pmod(col(N), lit(2)).equalTo(0), shortLine).otherwise(longLine);
    }
    return concat_ws(",", fields.toArray(Column[]::new));
  }

  /**
   * The template with a key no clean row has. A student's copy also gets a name no student has:
   * ingest quarantines roster rows without an id that name a quarantined student, so a copy named
   * like a real student would withhold that student's roster rows too, which the truth does not
   * plant.
   */
  private static Map<String, Column> fresh(Domain domain, Map<String, Column> r) {
    switch (domain) {
      case SCHOOLS -> prefix(r, SCHOOL_ID, "X");
      case STUDENTS -> {
        prefix(r, STUDENT_ID, "X");
        prefix(r, FIRST_NAME, "X");
      }
      case PARTNERS -> prefix(r, PARTNER_ID, "X");
      case DISCIPLINE -> prefix(r, INCIDENT_ID, "X");
      case PROGRAMS -> prefix(r, PROGRAM_ID, "X");
      default -> {
        for (ColumnSpec c : domain.columns()) {
          if (c.type() == ColumnType.DATE) {
            r.put(c.name(), shift(r.get(c.name())));
          }
        }
        if (r.containsKey(SCHOOL_YEAR)) {
          r.put(SCHOOL_YEAR, r.get(SCHOOL_YEAR).cast("int").minus(10).cast("string"));
        }
      }
    }
    return r;
  }

  private static Column shift(Column date) {
    return date_format(date_sub(to_date(date), SHIFT_DAYS), "yyyy-MM-dd");
  }

  private static void prefix(Map<String, Column> r, String column, String prefix) {
    r.put(column, concat(lit(prefix), r.get(column)));
  }

  private static UnaryOperator<Map<String, Column>> set(String column, Column value) {
    return r -> {
      r.put(column, value);
      return r;
    };
  }

  /** A date that cannot be read, derived from the original so that keys stay distinct. */
  private static UnaryOperator<Map<String, Column>> badDate(String column) {
    return r -> {
      Column s = r.get(column);
      Column y = substring(s, 1, 4);
      Column m = substring(s, 6, 2).cast("int");
      Column dd = substring(s, 9, 2).cast("int");
      Column pattern = pmod(col(N), lit(3));
      Column bad =
          when(s.isNull(), lit("././."))
              .when(
                  pattern.equalTo(0),
                  format_string("%s-%02d-%02d", y, m.plus(12), dd)) // 2025-13-05
              .when(
                  pattern.equalTo(1),
                  format_string("%d/%d/%s", m.plus(12), dd.plus(31), y)) // 21/45/2024
              .otherwise(format_string("%s-%02d-%02d", y, m, dd.plus(31))); // 2025-02-33
      r.put(column, bad);
      return r;
    };
  }

  private static UnaryOperator<Map<String, Column>> orphan(String column) {
    return r -> {
      r.put(column, concat(lit("Z"), r.get(column)));
      return r;
    };
  }

  /**
   * A latin-1 byte (0xE9, "é"), invalid in UTF-8, appended to a text column. Spark strings are made
   * valid UTF-8 on the way, so the line carries {@link CsvFiles#LATIN1_MARKER} and the writer swaps
   * it for the raw byte in the finished file.
   */
  private static UnaryOperator<Map<String, Column>> latin1(String column) {
    return r -> {
      r.put(column, concat(r.get(column), lit(CsvFiles.LATIN1_MARKER)));
      return r;
    };
  }

  private static Column days(Column date, int delta) {
    return date_format(date_add(to_date(date), delta), "yyyy-MM-dd");
  }

  private static Damage dmg(Reason kind, UnaryOperator<Map<String, Column>> apply) {
    return new Damage(kind, apply);
  }

  private static final UnaryOperator<Map<String, Column>> NONE = r -> r;

  private static Column none() {
    return lit(null).cast("string");
  }

  /** The kinds that fit each domain, and how each damages a row. */
  static List<Damage> damages(Domain domain) {
    return switch (domain) {
      case SCHOOLS ->
          List.of(
              dmg(UNKNOWN_CODE, set(SCHOOL_TYPE, lit("CHARTER"))),
              dmg(
                  OUT_OF_ORDER,
                  r -> {
                    r.put(LOW_GRADE, lit("8"));
                    r.put(HIGH_GRADE, lit("K"));
                    return r;
                  }),
              dmg(MISSING_REQUIRED, set(SCHOOL_NAME, none())),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(SCHOOL_NAME, concat(col(SCHOOL_NAME), lit(" Annex")))),
              dmg(MALFORMED_LINE, NONE),
              dmg(BAD_ENCODING, latin1(SCHOOL_NAME)));
      case STUDENTS ->
          List.of(
              dmg(BAD_DATE, badDate(BIRTH_DATE)),
              dmg(UNKNOWN_CODE, set(GENDER, lit("U"))),
              dmg(BAD_BOOLEAN, set(ECONOMICALLY_DISADVANTAGED, lit("maybe"))),
              dmg(MISSING_REQUIRED, set(LAST_NAME, none())),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(PHONE, lit("412-100-0000"))),
              dmg(MALFORMED_LINE, NONE),
              dmg(BAD_ENCODING, latin1(FIRST_NAME)));
      case PARTNERS ->
          List.of(
              dmg(UNKNOWN_CODE, set(STATUS, lit("ACTIVE"))),
              dmg(BAD_DATE, badDate(REVIEW_DATE)),
              dmg(
                  OUT_OF_ORDER,
                  r -> {
                    r.put(STATUS, lit("APPROVED"));
                    r.put(REVIEW_DATE, lit("2024-06-03"));
                    r.put(BOARD_APPROVAL_DATE, lit("2024-05-01"));
                    r.put(SUSPENDED_DATE, none());
                    r.put(EXPIRY_DATE, none());
                    return r;
                  }),
              dmg(MISSING_REQUIRED, set(PARTNER_NAME, none())),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(PARTNER_NAME, concat(col(PARTNER_NAME), lit(" Inc.")))),
              dmg(MALFORMED_LINE, NONE),
              dmg(BAD_ENCODING, latin1(PARTNER_NAME)));
      case CALENDAR ->
          List.of(
              dmg(BAD_DATE, badDate(CALENDAR_DATE)),
              dmg(UNKNOWN_CODE, set(CALENDAR_EVENT, lit("SNOW_DAY"))),
              dmg(OUT_OF_RANGE, set(SCHOOL_YEAR, lit("1890"))),
              dmg(BAD_NUMBER, set(SCHOOL_YEAR, lit("2O25"))),
              dmg(MISSING_REQUIRED, set(CALENDAR_EVENT, none())),
              dmg(UNKNOWN_REFERENCE, orphan(SCHOOL_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(CALENDAR_EVENT, lit("EMERGENCY_DAY"))),
              dmg(MALFORMED_LINE, NONE));
      case ENROLLMENTS ->
          List.of(
              dmg(BAD_DATE, badDate(EXIT_DATE)),
              dmg(UNKNOWN_CODE, set(GRADE_LEVEL, lit("13"))),
              dmg(
                  OUT_OF_ORDER,
                  r -> {
                    r.put(EXIT_DATE, days(r.get(ENTRY_DATE), -5));
                    return r;
                  }),
              dmg(MISSING_REQUIRED, set(SCHOOL_YEAR, none())),
              dmg(OUT_OF_RANGE, set(SCHOOL_YEAR, lit("1890"))),
              dmg(UNKNOWN_REFERENCE, orphan(STUDENT_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(
                  CONFLICTING_KEY,
                  r -> {
                    r.put(EXIT_DATE, days(r.get(ENTRY_DATE), 0)); // segments last 20+ days
                    return r;
                  }),
              dmg(MALFORMED_LINE, NONE));
      case OPT_OUTS ->
          List.of(
              dmg(BAD_DATE, badDate(REVOKED_DATE)),
              dmg(UNKNOWN_CODE, set(OPT_OUT_TYPE, lit("PHOTO"))),
              dmg(
                  OUT_OF_ORDER,
                  r -> {
                    r.put(REVOKED_DATE, days(r.get(EFFECTIVE_DATE), -10));
                    return r;
                  }),
              dmg(UNKNOWN_REFERENCE, orphan(STUDENT_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(
                  CONFLICTING_KEY,
                  r -> {
                    r.put(
                        REVOKED_DATE,
                        days(r.get(EFFECTIVE_DATE), 1)); // revocations come 30+ days later
                    return r;
                  }),
              dmg(MALFORMED_LINE, NONE));
      case ATTENDANCE ->
          List.of(
              dmg(BAD_DATE, badDate(EVENT_DATE)),
              dmg(UNKNOWN_CODE, set(ATTENDANCE_EVENT, lit("PRESENT"))),
              dmg(OUT_OF_RANGE, set(EVENT_DURATION, lit("1.5"))),
              dmg(BAD_NUMBER, set(EVENT_DURATION, lit("half"))),
              dmg(MISSING_REQUIRED, set(SCHOOL_ID, none())),
              dmg(UNKNOWN_REFERENCE, orphan(STUDENT_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(EVENT_DURATION, lit("0.01"))),
              dmg(MALFORMED_LINE, NONE));
      case ASSESSMENTS ->
          List.of(
              dmg(BAD_DATE, badDate(ADMINISTRATION_DATE)),
              dmg(UNKNOWN_CODE, set(PERFORMANCE_LEVEL, lit("MEETS"))),
              dmg(OUT_OF_RANGE, set(PERCENTILE, lit("140"))),
              dmg(BAD_NUMBER, set(SCALE_SCORE, lit("2O5"))),
              dmg(MISSING_REQUIRED, set(SCALE_SCORE, none())),
              dmg(UNKNOWN_REFERENCE, orphan(STUDENT_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(
                  CONFLICTING_KEY,
                  set(SCALE_SCORE, col(SCALE_SCORE).cast("int").plus(7).cast("string"))),
              dmg(MALFORMED_LINE, NONE));
      case GRADES ->
          List.of(
              dmg(UNKNOWN_CODE, set(MARK, lit("E"))),
              dmg(OUT_OF_RANGE, set(NUMERIC_GRADE, lit("105"))),
              dmg(BAD_NUMBER, set(NUMERIC_GRADE, lit("8O"))),
              dmg(MISSING_REQUIRED, set(COURSE_TITLE, none())),
              dmg(UNKNOWN_REFERENCE, orphan(STUDENT_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(
                  CONFLICTING_KEY,
                  set(MARK, when(col(MARK).equalTo("C"), lit("B")).otherwise(lit("C")))),
              dmg(MALFORMED_LINE, NONE),
              dmg(BAD_ENCODING, latin1(COURSE_TITLE)));
      case DISCIPLINE ->
          List.of(
              dmg(BAD_DATE, badDate(INCIDENT_DATE)),
              dmg(UNKNOWN_CODE, set(ACTION, lit("WARNING"))),
              dmg(OUT_OF_RANGE, set(ACTION_DAYS, lit("400"))),
              dmg(MISSING_REQUIRED, set(INCIDENT_DATE, none())),
              dmg(UNKNOWN_REFERENCE, orphan(STUDENT_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(
                  CONFLICTING_KEY,
                  set(
                      ACTION,
                      when(col(ACTION).equalTo("DETENTION"), lit("OTHER"))
                          .otherwise(lit("DETENTION")))),
              dmg(MALFORMED_LINE, NONE));
      case PROGRAMS ->
          List.of(
              dmg(BAD_DATE, badDate(BEGIN_DATE)),
              dmg(UNKNOWN_CODE, set(PROGRAM_TYPE, lit("WEEKEND"))),
              dmg(
                  OUT_OF_ORDER,
                  r -> {
                    r.put(END_DATE, days(r.get(BEGIN_DATE), -7));
                    return r;
                  }),
              dmg(OUT_OF_RANGE, set(PLANNED_DAYS, lit("400"))),
              dmg(MISSING_REQUIRED, set(PROGRAM_NAME, none())),
              dmg(UNKNOWN_REFERENCE, orphan(PARTNER_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(PLANNED_HOURS, lit("0.5"))),
              dmg(MALFORMED_LINE, NONE),
              dmg(BAD_ENCODING, latin1(PROGRAM_NAME)));
      case CONSENTS ->
          List.of(
              dmg(BAD_DATE, badDate(REVOKED_DATE)),
              dmg(
                  OUT_OF_ORDER,
                  r -> {
                    r.put(REVOKED_DATE, days(r.get(GRANTED_DATE), -10));
                    return r;
                  }),
              dmg(MISSING_REQUIRED, set(PARTNER_ID, none())),
              dmg(UNKNOWN_REFERENCE, orphan(PARTNER_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(
                  CONFLICTING_KEY,
                  r -> {
                    r.put(
                        REVOKED_DATE,
                        days(r.get(GRANTED_DATE), 1)); // revocations come 20+ days later
                    return r;
                  }),
              dmg(MALFORMED_LINE, NONE));
      case PROGRAM_ENROLLMENTS ->
          List.of(
              dmg(BAD_DATE, badDate(END_DATE)),
              dmg(
                  OUT_OF_ORDER,
                  r -> {
                    r.put(END_DATE, days(r.get(BEGIN_DATE), -3));
                    return r;
                  }),
              dmg(MISSING_REQUIRED, set(PROGRAM_ID, none())),
              dmg(
                  MISSING_IDENTITY,
                  r -> {
                    r.put(STUDENT_ID, none());
                    r.put(BIRTH_DATE, none());
                    return r;
                  }),
              dmg(UNKNOWN_REFERENCE, orphan(PROGRAM_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(END_DATE, days(col(BEGIN_DATE), -SHIFT_DAYS))),
              dmg(MALFORMED_LINE, NONE),
              dmg(BAD_ENCODING, latin1(FIRST_NAME)));
      case PROGRAM_ATTENDANCE ->
          List.of(
              dmg(BAD_DATE, badDate(ATTENDANCE_DATE)),
              dmg(OUT_OF_RANGE, set(HOURS, lit("30"))),
              dmg(BAD_NUMBER, set(HOURS, lit("two"))),
              dmg(MISSING_REQUIRED, set(PROGRAM_ID, none())),
              dmg(
                  MISSING_IDENTITY,
                  r -> {
                    r.put(STUDENT_ID, none());
                    r.put(BIRTH_DATE, none());
                    return r;
                  }),
              dmg(UNKNOWN_REFERENCE, orphan(PROGRAM_ID)),
              dmg(DUPLICATE_ROW, NONE),
              dmg(CONFLICTING_KEY, set(HOURS, lit("0.5"))),
              dmg(MALFORMED_LINE, NONE),
              dmg(BAD_ENCODING, latin1(LAST_NAME)));
    };
  }
}
