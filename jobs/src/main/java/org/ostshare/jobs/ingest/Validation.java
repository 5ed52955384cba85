package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.roster.RosterMatching;
import org.ostshare.common.schema.CodeSet;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.ColumnSpec;
import org.ostshare.common.schema.ColumnType;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.settings.SourceSettings;

/**
 * The validation rules of ingestion as Spark {@code Column} expressions, applied in four steps that
 * each add to a row's list of reasons ({@link #REASONS}: code and message), so a row collects every
 * reason that applies:
 *
 * <ol>
 *   <li>{@link #checkRows}: types (dates in the configured formats, strict; numbers; yes/no
 *       values), required values, numeric bounds, plausible years (1900-2100), codes after the
 *       source's code mapping, orders (entry before exit, low grade before high), roster identity.
 *       One narrow pass, no shuffle.
 *   <li>{@link #checkKeys}: among rows that passed step 1, exact copies (the first is kept, the
 *       others are {@code DUPLICATE_ROW}) and rows that share a key but differ (all are {@code
 *       CONFLICTING_KEY}). One shuffle and one sort on the key; rows are compared on their typed
 *       values, so {@code 2025-01-05} and {@code 1/5/2025} are the same date.
 *   <li>{@link #checkReferences}: non-empty references must name an accepted row of an earlier
 *       domain (one join per reference against that domain's distinct accepted keys, broadcast
 *       where the set is small).
 *   <li>{@link #checkWithheldIdentities}: roster rows without a district id that name a student
 *       whose own students row was quarantined (one join against those students' names).
 * </ol>
 *
 * Rows that could not be decoded or split carry only that reason. Nothing here throws on bad data:
 * parsing is done with {@code try_*} functions and patterns.
 */
public final class Validation {
  /**
   * Internal columns of the validated frame (the canonical columns keep their own names). The file
   * is its position in the source's files ({@link IngestJob#fileName} names it).
   */
  public static final String FILE = "_file";

  public static final String KIND = "_kind";
  public static final String LINE = "_line";
  public static final String REASONS = "_reasons";
  static final String ERROR_CODE = "_error_code";
  static final String ERROR_MESSAGE = "_error_message";
  static final String VALUES = "_values";

  /**
   * The row's number in the read of its files ({@code monotonically_increasing_id} right after the
   * read): within a file, numbers follow the order of the lines, however the file is split into
   * tasks. Step 2 keeps the first of copies by it, and drops it.
   */
  static final String ROW = "_row";

  /** Years outside this range are not plausible in school data. */
  static final int MIN_YEAR = 1900;

  static final int MAX_YEAR = 2100;

  static final String ISO_DATE = "yyyy-MM-dd";

  private Validation() {}

  /**
   * Spreads the parsed line (the {@link LineParser} struct in column {@code p}) into columns; the
   * line is the parser's text where it returned one, else the text source's {@code value}.
   */
  public static Dataset<Row> unpack(Dataset<Row> parsed) {
    return parsed.select(
        col("p.file").as(FILE),
        col("p.kind").as(KIND),
        coalesce(col("p.line"), col("value")).as(LINE),
        col(ROW),
        col("p.error_code").as(ERROR_CODE),
        col("p.error_message").as(ERROR_MESSAGE),
        col("p.values").as(VALUES));
  }

  /**
   * Step 1: typed canonical columns and every row-level reason, in three projections: each column's
   * raw value, then its typed value, then the reasons. The reasons only read columns, so a raw or
   * typed value is computed once per row. Written as one projection, every check repeated the
   * expressions it tests inside its conditional branches, where Spark does not share them; the
   * generated method grew past what the JIT compilers accept and ran interpreted
   * (docs/benchmarks.md, item 36).
   */
  public static Dataset<Row> checkRows(Dataset<Row> lines, SourceSettings source) {
    Domain domain = source.domain();
    List<ColumnSpec> columns = domain.columns();
    List<Column> meta =
        List.of(col(FILE), col(KIND), col(LINE), col(ROW), col(ERROR_CODE), col(ERROR_MESSAGE));
    List<Column> rawValues = new ArrayList<>(meta);
    List<Column> typedValues = new ArrayList<>(meta);
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec spec = columns.get(i);
      rawValues.add(try_element_at(col(VALUES), lit(i + 1)).as(raw(spec.name())));
      typedValues.add(col(raw(spec.name())));
      typedValues.add(typed(spec, col(raw(spec.name())), source).as(spec.name()));
    }
    List<Check> checks = new ArrayList<>();
    for (ColumnSpec spec : columns) {
      checks.addAll(checks(spec, col(raw(spec.name())), col(spec.name()), source));
    }
    for (Domain.Order order : domain.orders()) {
      checks.add(order(domain, order));
    }
    if (domain.isRoster()) {
      Column noName = lit(false);
      for (String c : Domain.ROSTER_IDENTITY) {
        noName = noName.or(col(raw(c)).isNull());
      }
      checks.add(
          reason(
              Reason.MISSING_IDENTITY,
              col(raw(Cols.STUDENT_ID)).isNull().and(noName),
              lit(
                  "no student_id, and not all of "
                      + String.join(", ", Domain.ROSTER_IDENTITY)
                      + " to match the student on")));
    }
    Column rowReasons =
        when(col(KIND).notEqual(lit(LineParser.Kind.DATA.name())), emptyReasons())
            .when(col(ERROR_CODE).isNotNull(), array(entry(col(ERROR_CODE), col(ERROR_MESSAGE))))
            .otherwise(anyOf(checks));
    List<Column> out = new ArrayList<>(List.of(col(FILE), col(KIND), col(LINE), col(ROW)));
    for (ColumnSpec spec : columns) {
      out.add(col(spec.name()));
    }
    out.add(rowReasons.as(REASONS));
    return lines
        .select(rawValues.toArray(Column[]::new))
        .select(typedValues.toArray(Column[]::new))
        .select(out.toArray(Column[]::new));
  }

  /** The column of a canonical column's raw value (the stripped text, null when empty). */
  private static String raw(String column) {
    return "_raw_" + column;
  }

  /**
   * Step 2: exact copies and conflicting keys, among rows that passed step 1. One window, so the
   * rows are shuffled and sorted once: by a 64-bit hash of the key, then the key and a 64-bit hash
   * of the row's typed values, then the file and the row's number ({@link #ROW}), so the first of
   * copies in the files' order is kept. Rows that failed step 1 get a unique number instead of the
   * key hash.
   *
   * <p>Rows are compared by that content hash, not value by value: a window over a struct of every
   * column copied each row several times and was the largest part of ingesting a large district.
   * Two different rows of one key share a hash with a probability of 2<sup>-64</sup>; then the
   * later is quarantined as a copy instead of both as a conflict, so the key still has one accepted
   * row.
   */
  public static Dataset<Row> checkKeys(Dataset<Row> checked, Domain domain) {
    return checkKeys(checked, domain, 0);
  }

  /**
   * Step 2 as {@link #checkKeys(Dataset, Domain)}, with the rows sorted in {@code partitions}
   * parts: the window's one shuffle is this repartition on the key hash, which already groups each
   * key as the window needs. 0 leaves the number to {@code spark.sql.shuffle.partitions} (and to
   * adaptive execution, which may coalesce it).
   */
  public static Dataset<Row> checkKeys(Dataset<Row> checked, Domain domain, int partitions) {
    String ok = "_ok";
    String content = "_content";
    String keyHash = "_key_hash";
    // each value and whether it is empty: the hash skips nulls, which would make (x, empty) and
    // (empty, x) the same row
    List<Column> canonical = new ArrayList<>();
    for (String c : domain.columnNames()) {
      canonical.add(col(c));
      canonical.add(col(c).isNull());
    }
    Column[] key = domain.key().stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> marked =
        checked
            .withColumn(
                ok,
                col(KIND)
                    .equalTo(lit(LineParser.Kind.DATA.name()))
                    .and(size(col(REASONS)).equalTo(0)))
            // the row's typed values, hashed as they are, never rendered as text
            .withColumn(content, xxhash64(canonical.toArray(Column[]::new)))
            // rows that failed step 1 are compared with nothing, so they are spread instead of
            // grouped: a file in the wrong format, every line without a key, is not one task
            .withColumn(
                keyHash, when(col(ok), xxhash64(key)).otherwise(monotonically_increasing_id()));
    if (partitions > 0) {
      marked = marked.repartition(partitions, col(keyHash));
    }
    List<Column> partition = new ArrayList<>(List.of(col(keyHash), col(ok)));
    partition.addAll(List.of(key));
    // within a key, equal contents are next to each other: the first is kept, the next are copies
    WindowSpec ordered =
        Window.partitionBy(partition.toArray(Column[]::new))
            .orderBy(col(content), col(FILE), col(ROW));
    WindowSpec wholeKey =
        ordered.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Column conflict =
        col(ok).and(min(col(content)).over(wholeKey).notEqual(max(col(content)).over(wholeKey)));
    Column copy = col(ok).and(lag(col(content), 1).over(ordered).eqNullSafe(col(content)));
    List<Column> keyValues = new ArrayList<>();
    for (String k : domain.key()) {
      keyValues.add(
          concat(lit(k + " '"), coalesce(col(k).cast(DataTypes.StringType), lit("")), lit("'")));
    }
    List<Check> found =
        List.of(
            reason(
                Reason.CONFLICTING_KEY,
                conflict,
                concat(
                    lit("another row has the same key ("),
                    concat_ws(", ", keyValues.toArray(Column[]::new)),
                    lit(") with different values"))),
            reason(
                Reason.DUPLICATE_ROW,
                copy.and(not(conflict)),
                lit("an exact copy of an earlier row, which is kept")));
    return marked.withColumn(REASONS, adding(found)).drop(ok, content, keyHash, ROW);
  }

  /**
   * Step 3: every non-empty reference must name an accepted row of the referenced domain.
   *
   * @param acceptedKeys per earlier domain, its distinct accepted keys (one column, named as the
   *     domain's key)
   * @param fewKeys the earlier domains whose keys are few enough to send to every task: their
   *     checks are broadcast joins, and the domain's rows are not shuffled to meet them
   */
  public static Dataset<Row> checkReferences(
      Dataset<Row> checked,
      Domain domain,
      Map<Domain, Dataset<Row>> acceptedKeys,
      Set<Domain> fewKeys) {
    Dataset<Row> frame = checked;
    List<Check> found = new ArrayList<>();
    List<String> helpers = new ArrayList<>();
    int i = 0;
    for (Domain.Reference ref : domain.references()) {
      Domain target = ref.targetDomain();
      Dataset<Row> keys = acceptedKeys.get(target);
      if (keys == null) {
        throw new IllegalStateException(
            domain.table() + " refers to " + target.table() + ", which is not loaded yet");
      }
      String key = "_ref" + i;
      String hit = "_hit" + i;
      Dataset<Row> known = keys.select(col(target.key().get(0)).as(key)).withColumn(hit, lit(true));
      if (fewKeys.contains(target)) {
        known = broadcast(known);
      }
      frame = frame.join(known, frame.col(ref.column()).equalTo(known.col(key)), "left");
      found.add(
          reason(
              Reason.UNKNOWN_REFERENCE,
              col(ref.column()).isNotNull().and(col(hit).isNull()),
              concat(
                  lit(ref.column() + " '"),
                  col(ref.column()),
                  lit("' is not an accepted row of " + target.table()))));
      helpers.add(key);
      helpers.add(hit);
      i++;
    }
    if (found.isEmpty()) {
      return checked;
    }
    return frame.withColumn(REASONS, adding(found)).drop(helpers.toArray(String[]::new));
  }

  private static final String WITHHELD_FIRST = "_withheld_first";
  private static final String WITHHELD_LAST = "_withheld_last";
  private static final String WITHHELD_BIRTHS = "_withheld_births";
  private static final String WITHHELD_ANY_BIRTH = "_withheld_any_birth";

  /**
   * The students the district has but ingestion could not accept: quarantined students rows whose
   * id has no accepted row (no id, an unreadable row, or conflicting rows), one row per normalised
   * first and last name, with their birth dates and whether any birth date could not be read. A row
   * without a readable first and last name names nobody that matching could compare.
   *
   * @param acceptedIds the distinct ids of the accepted students (one column, {@code student_id}):
   *     the keys ingestion keeps for the domains that reference students
   */
  public static Dataset<Row> withheldStudents(
      Dataset<Row> validatedStudents, Dataset<Row> acceptedIds) {
    Column data = col(KIND).equalTo(lit(LineParser.Kind.DATA.name()));
    Dataset<Row> quarantined = validatedStudents.filter(data.and(size(col(REASONS)).gt(0)));
    Dataset<Row> accepted = acceptedIds.select(col(Cols.STUDENT_ID).as("_accepted_id"));
    return quarantined
        .join(
            accepted,
            quarantined.col(Cols.STUDENT_ID).equalTo(accepted.col("_accepted_id")),
            "left_anti")
        .select(
            RosterMatching.normalised(col(Cols.FIRST_NAME)).as(WITHHELD_FIRST),
            RosterMatching.normalised(col(Cols.LAST_NAME)).as(WITHHELD_LAST),
            col(Cols.BIRTH_DATE))
        .filter(col(WITHHELD_FIRST).isNotNull().and(col(WITHHELD_LAST).isNotNull()))
        .groupBy(WITHHELD_FIRST, WITHHELD_LAST)
        .agg(
            collect_set(col(Cols.BIRTH_DATE)).as(WITHHELD_BIRTHS),
            max(col(Cols.BIRTH_DATE).isNull()).as(WITHHELD_ANY_BIRTH));
  }

  /**
   * Step 4, roster domains: a row without a district id is matched later on its name and birth
   * date, among the accepted students only. When a withheld student ({@link #withheldStudents}) has
   * that name, and that birth date or none that could be read, the row may be that student's, and
   * matching could choose another student who shares the name and birth date, so the row is
   * quarantined ({@code QUARANTINED_STUDENT}) until the students row is fixed.
   *
   * @param withheld {@link #withheldStudents}, broadcast by the caller where small; null when there
   *     are none
   */
  public static Dataset<Row> checkWithheldIdentities(
      Dataset<Row> checked, Domain domain, Dataset<Row> withheld) {
    if (!domain.isRoster() || withheld == null) {
      return checked;
    }
    Column noId = col(Cols.STUDENT_ID).isNull();
    Dataset<Row> joined =
        checked.join(
            withheld,
            when(noId, RosterMatching.normalised(checked.col(Cols.FIRST_NAME)))
                .equalTo(withheld.col(WITHHELD_FIRST))
                .and(
                    when(noId, RosterMatching.normalised(checked.col(Cols.LAST_NAME)))
                        .equalTo(withheld.col(WITHHELD_LAST))),
            "left");
    Check named =
        reason(
            Reason.QUARANTINED_STUDENT,
            col(WITHHELD_FIRST)
                .isNotNull()
                .and(
                    col(WITHHELD_ANY_BIRTH)
                        .or(array_contains(col(WITHHELD_BIRTHS), col(Cols.BIRTH_DATE)))),
            lit(
                "no student_id, and a quarantined students row has this name and birth date (or"
                    + " one that cannot be read): matching could choose another student"));
    return joined
        .withColumn(REASONS, adding(List.of(named)))
        .drop(WITHHELD_FIRST, WITHHELD_LAST, WITHHELD_BIRTHS, WITHHELD_ANY_BIRTH);
  }

  /** The typed value of a raw value, or null when it cannot be read as the column's type. */
  private static Column typed(ColumnSpec spec, Column value, SourceSettings source) {
    switch (spec.type()) {
      case STRING:
        return value;
      case CODE:
        {
          Map<String, String> mapping = source.codes().getOrDefault(spec.name(), Map.of());
          Column mapped =
              mapping.isEmpty()
                  ? value
                  : coalesce(try_element_at(mapLiteral(mapping), value), value);
          return when(mapped.isin(spec.codeSet().codes().toArray()), mapped);
        }
      case DATE:
        {
          List<Column> attempts = new ArrayList<>();
          for (String format : source.dateFormats()) {
            attempts.add(date(value, format));
          }
          return coalesce(attempts.toArray(Column[]::new));
        }
      case INTEGER:
        return wholeNumber(value);
      case DECIMAL:
        return decimalNumber(value);
      case BOOLEAN:
        {
          Column v = lower(value);
          return when(v.isin(source.trueValues().toArray()), lit(true))
              .when(v.isin(source.falseValues().toArray()), lit(false));
        }
      default:
        throw new IllegalArgumentException("no rule for type " + spec.type());
    }
  }

  /**
   * A column's checks, on its raw value and its typed value ({@link #typed}): required, readable as
   * its type (a value that is present but has no typed value), and in range. A code is readable
   * when it, or what the source maps it to, is a code of its set.
   */
  private static List<Check> checks(
      ColumnSpec spec, Column value, Column typed, SourceSettings source) {
    String name = spec.name();
    List<Check> checks = new ArrayList<>();
    Column unreadable = value.isNotNull().and(typed.isNull());
    switch (spec.type()) {
      case STRING:
        break;
      case CODE:
        checks.add(
            reason(
                Reason.UNKNOWN_CODE,
                unreadable,
                concat(
                    lit(name + " '"),
                    value,
                    lit(
                        "' is not a code of "
                            + spec.codeSet().name()
                            + " ("
                            + String.join(", ", spec.codeSet().codes())
                            + ") nor mapped to one in ingest.sources."
                            + source.domain().table()
                            + ".codes."
                            + name))));
        break;
      case DATE:
        checks.add(
            reason(
                Reason.BAD_DATE,
                unreadable,
                concat(
                    lit(name + " '"),
                    value,
                    lit("' is not a date in formats " + String.join(", ", source.dateFormats())))));
        checks.add(
            reason(
                Reason.OUT_OF_RANGE,
                year(typed).lt(MIN_YEAR).or(year(typed).gt(MAX_YEAR)),
                concat(
                    lit(name + " '"),
                    value,
                    lit("' is outside the years " + MIN_YEAR + " to " + MAX_YEAR))));
        break;
      case INTEGER:
      case DECIMAL:
        {
          boolean whole = spec.type() == ColumnType.INTEGER;
          checks.add(
              reason(
                  Reason.BAD_NUMBER,
                  unreadable,
                  concat(
                      lit(name + " '"),
                      value,
                      lit(whole ? "' is not a whole number" : "' is not a number"))));
          if (spec.min() != null || spec.max() != null) {
            Column outside = lit(false);
            if (spec.min() != null) {
              outside = outside.or(typed.lt(spec.min()));
            }
            if (spec.max() != null) {
              outside = outside.or(typed.gt(spec.max()));
            }
            checks.add(
                reason(
                    Reason.OUT_OF_RANGE,
                    typed.isNotNull().and(outside),
                    concat(
                        lit(name + " '"),
                        value,
                        lit("' is outside " + bound(spec.min()) + " to " + bound(spec.max())))));
          }
          break;
        }
      case BOOLEAN:
        checks.add(
            reason(
                Reason.BAD_BOOLEAN,
                unreadable,
                concat(
                    lit(name + " '"),
                    value,
                    lit(
                        "' is neither true ("
                            + String.join(", ", new java.util.TreeSet<>(source.trueValues()))
                            + ") nor false ("
                            + String.join(", ", new java.util.TreeSet<>(source.falseValues()))
                            + ")"))));
        break;
      default:
        throw new IllegalArgumentException("no rule for type " + spec.type());
    }
    if (spec.required()) {
      checks.add(
          reason(Reason.MISSING_REQUIRED, value.isNull(), lit(name + " is required but empty")));
    }
    return checks;
  }

  /**
   * A value read strictly as a date in a format, or null. ISO dates, the format of most exports,
   * are read by Spark's date cast instead of a pattern parser, whose per-row work showed in
   * profiles of ingest, and kept only when the date written back is the value itself: the cast
   * alone would also take {@code 2025-1-5} or {@code 2025-01-05T08}. (Checking the value's shape
   * instead of writing the date back was cheaper per value, but made the generated code of a wide
   * domain's checks too large to compile: docs/benchmarks.md, item 30.)
   */
  static Column date(Column value, String format) {
    if (!ISO_DATE.equals(format)) {
      return try_to_date(value, format);
    }
    Column read = value.try_cast(DataTypes.DateType);
    return when(read.cast(DataTypes.StringType).equalTo(value), read);
  }

  /**
   * A value read as a decimal number ({@code [+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)}), or null.
   * Spark's cast to double reads that, and also exponents, hexadecimal, a type suffix ({@code
   * 1.5d}), infinities and NaN, after trimming white space and control characters; a value that
   * begins with a sign, digit or point, ends with a digit or point and holds no {@code e} or {@code
   * x} has none of those. The pattern it replaces decoded every value to a Java string and matched
   * it (docs/benchmarks.md, item 30).
   */
  static Column decimalNumber(Column value) {
    Column plain =
        startsWithDigit(value)
            .or(value.startsWith("+"))
            .or(value.startsWith("-"))
            .or(value.startsWith("."))
            .and(endsWithDigit(value).or(value.endsWith(".")));
    for (String letter : List.of("e", "E", "x", "X")) {
      plain = plain.and(not(value.contains(letter)));
    }
    return when(plain, value.try_cast(ColumnType.DECIMAL.sparkType()));
  }

  /**
   * A value read as a whole number ({@code [+-]?[0-9]+} that fits an int), or null. Spark's integer
   * cast reads exactly that, after trimming white space and control characters, which a value
   * beginning with a sign or digit and ending with a digit does not have; the pattern it replaces
   * decoded every value to a Java string and matched it, which showed in profiles of ingest.
   */
  static Column wholeNumber(Column value) {
    Column plain =
        startsWithDigit(value)
            .or(value.startsWith("+"))
            .or(value.startsWith("-"))
            .and(endsWithDigit(value));
    return when(plain, value.try_cast(DataTypes.IntegerType));
  }

  /**
   * Whether a value begins with an ASCII digit: byte-wise comparisons, which order UTF-8 as code
   * points, so nothing is copied or decoded.
   */
  private static Column startsWithDigit(Column value) {
    return value.geq("0").and(value.lt(String.valueOf((char) ('9' + 1))));
  }

  /**
   * Whether a value's last character is an ASCII digit: one copy of that character, compared as
   * bytes. (A test of each digit with {@code endsWith} copies nothing, but made the generated code
   * of a wide domain's checks too large to compile: docs/benchmarks.md, item 30.)
   */
  private static Column endsWithDigit(Column value) {
    Column last = substring(value, -1, 1);
    return last.geq("0").and(last.leq("9"));
  }

  /** An order check: when both values are present, the later must not come before the earlier. */
  private static Check order(Domain domain, Domain.Order order) {
    ColumnSpec earlier = domain.column(order.earlier()).orElseThrow();
    Column a = col(order.earlier());
    Column b = col(order.later());
    String relation = "before";
    if (earlier.type() == ColumnType.CODE) {
      Map<String, Integer> ordinals = new LinkedHashMap<>();
      for (String code : earlier.codeSet().codes()) {
        ordinals.put(
            code,
            earlier.codeSet() == CodeSet.GRADE_LEVEL
                ? CodeSet.gradeOrdinal(code)
                : ordinals.size());
      }
      a = try_element_at(mapLiteral(ordinals), a);
      b = try_element_at(mapLiteral(ordinals), b);
      relation = "below";
    }
    return reason(
        Reason.OUT_OF_ORDER,
        a.isNotNull().and(b.isNotNull()).and(b.lt(a)),
        concat(
            lit(order.later() + " '"),
            col(raw(order.later())),
            lit("' is " + relation + " " + order.earlier() + " '"),
            col(raw(order.earlier())),
            lit("' (" + order.what() + ")")));
  }

  private static String bound(Double d) {
    if (d == null) {
      return "any";
    }
    return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
  }

  /** A rule: the reason, with its message, that a row gets when {@code condition} holds. */
  record Check(Column condition, Column entry) {
    /** A list of this check's entry when its condition holds, else an empty list. */
    Column list() {
      return when(condition, array(entry)).otherwise(emptyReasons());
    }
  }

  static Check reason(Reason reason, Column condition, Column message) {
    return new Check(condition, entry(lit(reason.name()), message));
  }

  /**
   * The reasons of several checks as one list. Flattened lists, not {@code array_compact} over
   * nullable entries: that is a higher-order function, which Spark evaluates row by row outside
   * generated code, and with it every check below it (it made validation several times slower). The
   * lists are built only for a row that some check fails; for the others (nearly all) the list is
   * the empty constant, without allocating a list per check and row (docs/benchmarks.md, item 26).
   */
  static Column anyOf(List<Check> checks) {
    if (checks.isEmpty()) {
      return emptyReasons();
    }
    return when(anyHolds(checks), all(checks)).otherwise(emptyReasons());
  }

  /** The row's reasons so far followed by those of {@code checks}. */
  private static Column adding(List<Check> checks) {
    return when(anyHolds(checks), concat(col(REASONS), all(checks))).otherwise(col(REASONS));
  }

  private static Column anyHolds(List<Check> checks) {
    return checks.stream().map(Check::condition).reduce(Column::or).orElseThrow();
  }

  private static Column all(List<Check> checks) {
    return flatten(array(checks.stream().map(Check::list).toArray(Column[]::new)));
  }

  private static Column entry(Column code, Column message) {
    return struct(code.as("code"), message.as("message"));
  }

  private static Column mapLiteral(Map<String, ?> entries) {
    List<Column> kv = new ArrayList<>();
    entries.forEach(
        (k, v) -> {
          kv.add(lit(k));
          kv.add(lit(v));
        });
    return org.apache.spark.sql.functions.map(kv.toArray(Column[]::new));
  }

  /** An empty list of reasons, typed like a list with entries (no entry is ever null). */
  private static Column emptyReasons() {
    return array_repeat(entry(lit(""), lit("")), 0);
  }
}
