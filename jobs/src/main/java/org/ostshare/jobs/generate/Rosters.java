package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.schema.Cols.*;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Partner rosters (programme enrolments), the days students attended, and parental consents.
 *
 * <p>Summer: the students {@link Summer} selected, at their camp site, attending their drawn number
 * of camp days. Afterschool: about a fifth of students join their school's afterschool programme in
 * some term (70% of the terms they are enrolled for).
 *
 * <p>About 5% of (student, programme) pairs are recorded by the partner without the district id:
 * name and birth date only, with realistic variations (case, spacing, accents, hyphens) that still
 * match after normalisation. A few extra rows name children who are not district students
 * (unmatched) or namesake students (ambiguous). Each such row is listed in the truth.
 */
final class Rosters {
  static final String NO_ID = "no_id";
  static final String DATE = "roster_date";
  static final String EXPECTED = "expected";

  private Rosters() {}

  /** Roster rows, one per (student, programme), with the internal columns idx and no_id. */
  static Dataset<Row> enrollments(
      Dataset<Row> base, Dataset<Row> segments, Draws d, Timeline time, int students) {
    List<Dataset<Row>> parts = new ArrayList<>();
    if (time.campHeld()) {
      LocalDate end = time.campDays.get(time.campDays.size() - 1);
      parts.add(
          base.filter(col(Summer.ENROLLED))
              .select(
                  col(Students.IDX),
                  format_string("SU%d-%03d", lit(time.first), col(Summer.SITE).plus(1))
                      .as(PROGRAM_ID),
                  col(STUDENT_ID),
                  col(FIRST_NAME),
                  col(LAST_NAME),
                  col(BIRTH_DATE),
                  lit(null).cast("string").as(SCHOOL_ID),
                  lit(time.campDays.get(0)).as(BEGIN_DATE),
                  (end.isAfter(time.asOf) ? lit(null).cast("date") : lit(end)).as(END_DATE)));
    }
    for (Timeline.Term t : time.terms()) {
      parts.add(afterschool(segments, d, time, t));
    }
    Dataset<Row> rows =
        parts.stream()
            .map(r -> r.drop("from_idx", "to_idx", "term_year", Students.ABILITY, Students.ABS_Z))
            .reduce(Dataset::unionByName)
            .orElseThrow();
    return rows.drop("from_idx", "to_idx", "term_year", Students.ABILITY, Students.ABS_Z)
        .withColumn(NO_ID, noId(d, students));
  }

  private static Dataset<Row> afterschool(
      Dataset<Row> segments, Draws d, Timeline time, Timeline.Term t) {
    Column i = col(Students.IDX);
    Column begin =
        least(
            lit(t.beginIdx()).plus(d.below("as-join", lit(6), i, lit(t.code()))),
            col(Enrollments.LAST));
    Column exit = col(Enrollments.EXIT);
    int cap = time.lastIdx(t.year());
    Column endIdx =
        when(exit.isNotNull().and(exit.lt(t.endIdx())), exit)
            .when(lit(t.endIdx() <= cap), lit(t.endIdx()));
    Timeline.Year y = time.year(t.year());
    return segments
        .filter(
            col(Enrollments.YEAR)
                .equalTo(t.year())
                .and(lit(t.beginIdx()).between(col(Enrollments.START), col(Enrollments.LAST)))
                .and(col(Students.AFTERSCHOOL_KID))
                .and(d.chance("as-term", lit(0.7), i, lit(t.code()))))
        .select(
            col(Students.IDX),
            concat(lit("AS" + t.code() + "-"), col(SCHOOL_ID)).as(PROGRAM_ID),
            col(STUDENT_ID),
            col(FIRST_NAME),
            col(LAST_NAME),
            col(BIRTH_DATE),
            col(SCHOOL_ID),
            Timeline.day(y, begin).as(BEGIN_DATE),
            when(endIdx.isNotNull(), Timeline.day(y, endIdx)).as(END_DATE),
            // days the student may attend: from joining to leaving, the term's end or as-of
            begin.as("from_idx"),
            least(coalesce(endIdx, lit(t.endIdx())), col(Enrollments.LAST), lit(t.endIdx()))
                .as("to_idx"),
            lit(t.year()).as("term_year"),
            col(Students.ABILITY),
            col(Students.ABS_Z));
  }

  /** Days attended: camp days for summer rows, Monday-Thursday school days for afterschool. */
  static Dataset<Row> attendance(
      Dataset<Row> base, Dataset<Row> segments, Draws d, Timeline time, int students) {
    List<Dataset<Row>> parts = new ArrayList<>();
    Column i = col(Students.IDX);
    if (time.campHeld()) {
      LocalDate campBase = time.campDays.get(0);
      int[] offsets =
          time.campDays.stream()
              .mapToInt(x -> (int) ChronoUnit.DAYS.between(campBase, x))
              .toArray();
      Dataset<Row> ev =
          Attendance.times(
              base.filter(col(Summer.ENROLLED))
                  .withColumn(
                      PROGRAM_ID,
                      format_string("SU%d-%03d", lit(time.first), col(Summer.SITE).plus(1))),
              col(Summer.DAYS),
              "k");
      Column dayIdx =
          Attendance.stratified(d, "camp-day", col("k"), col("_n"), lit(offsets.length), i);
      Column v = d.uniform("camp-hours", i, col("k"));
      parts.add(
          ev.select(
              col(Students.IDX),
              col(PROGRAM_ID),
              col(STUDENT_ID),
              col(FIRST_NAME),
              col(LAST_NAME),
              col(BIRTH_DATE),
              date_add(lit(campBase), element_at(lit(offsets), dayIdx.plus(1))).as(ATTENDANCE_DATE),
              when(v.lt(0.1), floor(v.multiply(60)).divide(2).plus(3))
                  .otherwise(lit(Partners.CAMP_HOURS))
                  .as(HOURS)));
    }
    Dataset<Row> as = null;
    for (Timeline.Term t : time.terms()) {
      Dataset<Row> rows = afterschool(segments, d, time, t);
      as = as == null ? rows : as.unionByName(rows);
    }
    if (as != null) {
      Column days = col("to_idx").minus(col("from_idx")).plus(1);
      Column frac =
          Draws.sigmoid(
              lit(0.6)
                  .plus(col(Students.ABILITY).multiply(0.3))
                  .minus(col(Students.ABS_Z).multiply(0.6))
                  .plus(d.normal("as-frac", i, col(PROGRAM_ID)).multiply(0.8)));
      Column n = least(round(frac.multiply(days)), days).cast("int");
      Dataset<Row> ev = Attendance.times(as.filter(days.gt(0)).withColumn("_days", days), n, "k");
      Column dayIdx =
          col("from_idx")
              .plus(
                  Attendance.stratified(
                      d, "as-day", col("k"), col("_n"), col("_days"), i, col(PROGRAM_ID)));
      Column date =
          when(col("term_year").equalTo(time.first), Timeline.day(time.year1, dayIdx))
              .otherwise(Timeline.day(time.year2, dayIdx));
      Column v = d.uniform("as-hours", i, col(PROGRAM_ID), col("k"));
      parts.add(
          ev.withColumn(ATTENDANCE_DATE, date)
              .filter(dayofweek(col(ATTENDANCE_DATE)).between(2, 5)) // Monday to Thursday
              .select(
                  col(Students.IDX),
                  col(PROGRAM_ID),
                  col(STUDENT_ID),
                  col(FIRST_NAME),
                  col(LAST_NAME),
                  col(BIRTH_DATE),
                  col(ATTENDANCE_DATE),
                  when(v.lt(0.15), lit(1.5))
                      .when(v.lt(0.25), lit(2.0))
                      .otherwise(lit(Partners.AFTERSCHOOL_HOURS))
                      .as(HOURS)));
    }
    Dataset<Row> rows = parts.stream().reduce(Dataset::unionByName).orElseThrow();
    return rows.filter(col(ATTENDANCE_DATE).leq(lit(time.asOf)))
        .withColumn(NO_ID, noId(d, students));
  }

  /** Whether the partner recorded a (student, programme) pair without the id; never namesakes. */
  private static Column noId(Draws d, int students) {
    return not(Students.namesake(col(Students.IDX), students))
        .and(d.chance("roster-no-id", lit(0.05), col(Students.IDX), col(PROGRAM_ID)));
  }

  /** A partner's spelling of a name: one of six variations, all equal after normalisation. */
  static Column variant(Column name, Column v, boolean last) {
    return when(v.equalTo(1), upper(name))
        .when(v.equalTo(2), lower(name))
        .when(
            v.equalTo(3),
            last ? concat(lit(" "), regexp_replace(name, " ", "  ")) : concat(name, lit(" ")))
        .when(v.equalTo(4), translate(name, ACCENTED, PLAIN))
        .when(v.equalTo(5), last ? translate(name, " -'", "- ") : name)
        .otherwise(name);
  }

  static final String ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüñçńÁÉÍÓÚÑÇ";
  static final String PLAIN = "aaaaaaeeeeiiiiooooouuuuncnAEIOUNC";

  /** The matching key: lower case, accents stripped, letters only. */
  static Column normalised(Column name) {
    return regexp_replace(lower(translate(name, ACCENTED, PLAIN)), "[^a-z]", "");
  }

  /**
   * Output rows of a roster domain: the district id is dropped and the names varied where the
   * partner did not record the id.
   */
  static Dataset<Row> withIdentities(Dataset<Row> rows, Draws d) {
    Column v = d.below("name-variant", lit(6), col(Students.IDX), col(PROGRAM_ID));
    return rows.withColumn(STUDENT_ID, when(not(col(NO_ID)), col(STUDENT_ID)))
        .withColumn(
            FIRST_NAME,
            when(col(NO_ID), variant(col(FIRST_NAME), v, false)).otherwise(col(FIRST_NAME)))
        .withColumn(
            LAST_NAME,
            when(col(NO_ID), variant(col(LAST_NAME), v, true)).otherwise(col(LAST_NAME)));
  }

  /** Extra roster rows without id: children unknown to the district, and namesakes. */
  static Dataset<Row> extras(
      Dataset<Row> base, Draws d, Timeline time, Partners.Program program, long students) {
    long unknown = Math.max(2, students / 1000);
    Column i = col("id");
    Dataset<Row> strangers =
        base.sparkSession()
            .range(unknown)
            .select(
                lit(-1L).minus(i).as(Students.IDX),
                d.pick("stranger-first", Names.UNISEX, i).as(FIRST_NAME),
                d.pick("stranger-last", Names.LAST, i).as(LAST_NAME),
                // born years after any student: too young to be enrolled, matches nobody
                date_add(
                        lit(LocalDate.of(time.first - 4, 1, 1)),
                        d.below("stranger-birth", lit(300), i))
                    .as(BIRTH_DATE),
                lit("UNMATCHED").as(EXPECTED));
    Dataset<Row> namesakes =
        base.filter(col(Students.NAMESAKE))
            .select(
                col(Students.IDX),
                col(FIRST_NAME),
                col(LAST_NAME),
                col(BIRTH_DATE),
                lit("AMBIGUOUS").as(EXPECTED));
    return strangers
        .unionByName(namesakes)
        .withColumn(PROGRAM_ID, lit(program.id()))
        .withColumn(STUDENT_ID, lit(null).cast("string"))
        .withColumn(SCHOOL_ID, lit(program.schoolId()))
        .withColumn(BEGIN_DATE, lit(program.begin()))
        .withColumn(
            END_DATE,
            program.end().isAfter(time.asOf) ? lit(null).cast("date") : lit(program.end()));
  }

  /**
   * Consents: for most (student, partner) pairs on a roster, granted up to a month before the first
   * roster day; about 7% revoked later (before as-of).
   */
  static Dataset<Row> consents(
      Dataset<Row> rosters, Dataset<Row> programs, Draws d, Timeline time) {
    Dataset<Row> pairs =
        rosters
            .join(broadcast(programs.select(PROGRAM_ID, PARTNER_ID)), PROGRAM_ID)
            .groupBy(col(STUDENT_ID), col(PARTNER_ID))
            .agg(min(col(BEGIN_DATE)).as("first_day"));
    Column key = col(STUDENT_ID);
    Column granted =
        date_sub(col("first_day"), d.below("consent-day", lit(30), key, col(PARTNER_ID)));
    Column span = datediff(lit(time.asOf), granted).minus(20);
    Column revoked =
        date_add(
            granted,
            lit(20)
                .plus(d.below("consent-revoke-day", greatest(span, lit(1)), key, col(PARTNER_ID))));
    return pairs
        .filter(d.chance("consent", lit(0.88), key, col(PARTNER_ID)))
        .select(
            col(STUDENT_ID),
            col(PARTNER_ID),
            granted.as(GRANTED_DATE),
            when(
                    span.gt(0).and(d.chance("consent-revoked", lit(0.07), key, col(PARTNER_ID))),
                    revoked)
                .as(REVOKED_DATE));
  }
}
