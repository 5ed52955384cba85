package org.ostshare.common.roster;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.ostshare.common.schema.Cols;

/**
 * Joins partner roster rows (programme enrolments or programme attendance) to district students. A
 * row with a district id is matched by it (ingestion already refused ids that name no student). A
 * row without one is matched on normalised first name, last name and birth date; when several
 * students share those, the roster's school (if given) may single one out. Anything else is never
 * guessed: it is reported as unmatched or ambiguous and nothing about it is published.
 */
public final class RosterMatching {
  /** How a matched row was tied to a student. */
  public static final String MATCH_METHOD = "match_method";

  /** UNMATCHED or AMBIGUOUS, on rows that could not be matched. */
  public static final String MATCH_STATUS = "match_status";

  /** Number of students with the row's name and birth date. */
  public static final String CANDIDATES = "candidates";

  public static final String BY_DISTRICT_ID = "DISTRICT_ID";
  public static final String BY_NAME_BIRTH_DATE = "NAME_BIRTH_DATE";
  public static final String BY_NAME_BIRTH_DATE_SCHOOL = "NAME_BIRTH_DATE_SCHOOL";
  public static final String UNMATCHED = "UNMATCHED";
  public static final String AMBIGUOUS = "AMBIGUOUS";

  private static final String ROW = "_roster_row";
  private static final String FIRST = "_first";
  private static final String LAST = "_last";
  private static final String CANDIDATE = "_candidate";
  private static final String AT_SCHOOL = "_at_school";

  private static final UserDefinedFunction NORMALISE =
      functions.udf((UDF1<String, String>) RosterMatching::normaliseName, DataTypes.StringType);

  private RosterMatching() {}

  /**
   * @param matched roster rows with {@code student_id} set, plus {@link #MATCH_METHOD}
   * @param unmatched roster rows that name no single student, plus {@link #MATCH_STATUS} and {@link
   *     #CANDIDATES}
   */
  public record Result(Dataset<Row> matched, Dataset<Row> unmatched) {}

  /**
   * @param roster conformed roster rows (columns of program_enrollments or program_attendance)
   * @param students conformed students
   * @param enrollments conformed school enrolments (student_id, school_id), used only to tell apart
   *     students who share a name and birth date
   */
  public static Result match(Dataset<Row> roster, Dataset<Row> students, Dataset<Row> enrollments) {
    return match(roster, students, enrollments, UnaryOperator.identity());
  }

  /**
   * As {@link #match(Dataset, Dataset, Dataset)}, with {@code keepDecided} applied to the rows
   * without a district id once each is decided. They are the few rows that need every student's
   * name, and both results read them: a caller that keeps them there matches once however often it
   * reads the results.
   */
  public static Result match(
      Dataset<Row> roster,
      Dataset<Row> students,
      Dataset<Row> enrollments,
      UnaryOperator<Dataset<Row>> keepDecided) {
    String[] rosterColumns = roster.columns();
    Dataset<Row> byId =
        roster
            .filter(col(Cols.STUDENT_ID).isNotNull())
            .withColumn(MATCH_METHOD, lit(BY_DISTRICT_ID));

    Dataset<Row> anonymous =
        roster
            .filter(col(Cols.STUDENT_ID).isNull())
            .withColumn(
                ROW,
                xxhash64(Arrays.stream(rosterColumns).map(functions::col).toArray(Column[]::new)))
            .withColumn(FIRST, NORMALISE.apply(col(Cols.FIRST_NAME)))
            .withColumn(LAST, NORMALISE.apply(col(Cols.LAST_NAME)));

    Dataset<Row> people =
        students.select(
            col(Cols.STUDENT_ID).as(CANDIDATE),
            NORMALISE.apply(col(Cols.FIRST_NAME)).as(FIRST),
            NORMALISE.apply(col(Cols.LAST_NAME)).as(LAST),
            col(Cols.BIRTH_DATE));
    Dataset<Row> schools =
        enrollments
            .select(col(Cols.STUDENT_ID).as(CANDIDATE), col(Cols.SCHOOL_ID).as("_enrolled_school"))
            .distinct();

    // one row per (roster row, candidate student), with whether the candidate attends the
    // school the partner named (programme attendance rows name no school)
    Column rosterSchool =
        Arrays.asList(rosterColumns).contains(Cols.SCHOOL_ID)
            ? anonymous.col(Cols.SCHOOL_ID)
            : lit(null).cast(DataTypes.StringType);
    Dataset<Row> pairs =
        anonymous
            .join(people, new String[] {FIRST, LAST, Cols.BIRTH_DATE}, "left")
            .join(
                schools,
                people
                    .col(CANDIDATE)
                    .equalTo(schools.col(CANDIDATE))
                    .and(rosterSchool.equalTo(schools.col("_enrolled_school"))),
                "left")
            .select(
                anonymous.col(ROW),
                people.col(CANDIDATE),
                schools.col("_enrolled_school").isNotNull().as(AT_SCHOOL));

    Dataset<Row> decided =
        pairs
            .groupBy(ROW)
            .agg(
                count(col(CANDIDATE)).as(CANDIDATES),
                sum(when(col(AT_SCHOOL), 1).otherwise(0)).as("_at_school_n"),
                first(col(CANDIDATE), true).as("_only"),
                first(when(col(AT_SCHOOL), col(CANDIDATE)), true).as("_only_at_school"));

    Dataset<Row> joined = keepDecided.apply(anonymous.join(decided, ROW));
    Column single = col(CANDIDATES).equalTo(1);
    Column singleAtSchool = col(CANDIDATES).gt(1).and(col("_at_school_n").equalTo(1));

    Column[] keep =
        Arrays.stream(rosterColumns)
            .map(
                c ->
                    c.equals(Cols.STUDENT_ID)
                        ? coalesce(
                                when(single, col("_only")),
                                when(singleAtSchool, col("_only_at_school")))
                            .as(Cols.STUDENT_ID)
                        : col(c))
            .toArray(Column[]::new);

    Dataset<Row> matchedByName =
        joined
            .filter(single.or(singleAtSchool))
            .select(
                concat(
                    keep,
                    when(single, lit(BY_NAME_BIRTH_DATE))
                        .otherwise(lit(BY_NAME_BIRTH_DATE_SCHOOL))
                        .as(MATCH_METHOD)));

    Dataset<Row> unmatched =
        joined
            .filter(functions.not(single.or(singleAtSchool)))
            .select(
                concat(
                    Arrays.stream(rosterColumns).map(functions::col).toArray(Column[]::new),
                    when(col(CANDIDATES).equalTo(0), lit(UNMATCHED))
                        .otherwise(lit(AMBIGUOUS))
                        .as(MATCH_STATUS),
                    col(CANDIDATES)));

    return new Result(byId.unionByName(matchedByName), unmatched);
  }

  /** {@link #normaliseName} of a column, as matching compares names. */
  public static Column normalised(Column name) {
    return NORMALISE.apply(name);
  }

  /**
   * Lower case, accents and everything but letters removed: " Zoë O'Brien-Smith " and "zoe
   * obriensmith" compare equal.
   */
  public static String normaliseName(String name) {
    if (name == null) {
      return null;
    }
    String letters = asciiLetters(name);
    if (letters == null) {
      String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
      letters = NOT_A_LETTER.matcher(MARK.matcher(decomposed).replaceAll("")).replaceAll("");
    }
    return letters.isEmpty() ? null : letters.toLowerCase(Locale.ROOT);
  }

  private static final Pattern MARK = Pattern.compile("\\p{M}");
  private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}]");

  /**
   * The letters of a name written in ASCII alone, or null for any other name. Most names are ASCII,
   * and for them decomposition changes nothing and the letters are A-Z and a-z: every student's
   * name is normalised in each match, so this path skips the decomposition and the patterns.
   */
  private static String asciiLetters(String name) {
    StringBuilder letters = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!letter && letters == null) {
        letters = new StringBuilder(name.length()).append(name, 0, i);
      } else if (letter && letters != null) {
        letters.append(c);
      }
    }
    return letters == null ? name : letters.toString();
  }

  private static Column[] concat(Column[] head, Column... tail) {
    Column[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
