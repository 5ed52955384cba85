package org.ostshare.jobs.analyse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.summer.SummerCols;
import org.ostshare.common.summer.SyntheticCohort;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;

/**
 * A small district's conformed tables (period 2025-Q4) derived from {@link SyntheticCohort}: the
 * 2024-25 spring and 2025-26 fall scores, enrolments in both years, one summer programme with
 * rosters and daily attendance (plus a roster row that matches no student, and one in an
 * afterschool programme), calendars and fall absences. Written as Delta under a warehouse, as
 * ingestion would.
 */
final class SummerDistrict {
  static final String PERIOD = "2025-Q4";

  private SummerDistrict() {}

  /** Writes the district and returns its cohort frame's student count. */
  static void write(SparkSession spark, Warehouse w, String district, long students, long seed) {
    Dataset<Row> f = SyntheticCohort.frame(spark, district, students, seed, 0.10, 0.03);
    Dataset<Row> people =
        f.dropDuplicates(Cols.STUDENT_ID)
            .select(
                col(Cols.STUDENT_ID),
                col(Cols.SCHOOL_ID),
                col(Cols.GRADE_LEVEL),
                col(Cols.GENDER),
                col(Cols.RACE_ETHNICITY),
                col(Cols.ECONOMICALLY_DISADVANTAGED),
                col(Cols.ENGLISH_LEARNER),
                col(Cols.DISABILITY),
                col(SummerCols.BIRTH_YEAR),
                col(SummerCols.PROGRAM_ENROLLED),
                col(SummerCols.PROGRAM_DAYS))
            .localCheckpoint();

    save(
        w,
        Domain.STUDENTS,
        people.select(
            col(Cols.STUDENT_ID),
            concat(lit("First"), col(Cols.STUDENT_ID)).as(Cols.FIRST_NAME),
            lit(null).cast("string").as(Cols.MIDDLE_NAME),
            lit("Last").as(Cols.LAST_NAME),
            make_date(col(SummerCols.BIRTH_YEAR), lit(3), lit(1)).as(Cols.BIRTH_DATE),
            col(Cols.GENDER),
            col(Cols.RACE_ETHNICITY),
            col(Cols.ECONOMICALLY_DISADVANTAGED),
            col(Cols.ENGLISH_LEARNER),
            col(Cols.DISABILITY),
            lit(null).cast("string").as(Cols.ADDRESS),
            lit(null).cast("string").as(Cols.PHONE)));

    Column nextGrade = col(Cols.GRADE_LEVEL).cast("int").plus(1).cast("string");
    save(
        w,
        Domain.ENROLLMENTS,
        people
            .select(
                col(Cols.STUDENT_ID),
                col(Cols.SCHOOL_ID),
                lit(2025).as(Cols.SCHOOL_YEAR),
                col(Cols.GRADE_LEVEL),
                date("2024-08-26").as(Cols.ENTRY_DATE),
                date("2025-06-13").as(Cols.EXIT_DATE))
            .unionByName(
                people.select(
                    col(Cols.STUDENT_ID),
                    col(Cols.SCHOOL_ID),
                    lit(2026).as(Cols.SCHOOL_YEAR),
                    nextGrade.as(Cols.GRADE_LEVEL),
                    date("2025-08-25").as(Cols.ENTRY_DATE),
                    lit(null).cast("date").as(Cols.EXIT_DATE))));

    Dataset<Row> scores =
        score(f, "SPRING", 2025, "2025-05-14", SummerCols.SPRING_SCORE)
            .unionByName(score(f, "FALL", 2026, "2025-09-10", SummerCols.FALL_SCORE))
            .unionByName(score(f, "FALL", 2025, "2024-09-11", SummerCols.PRIOR_FALL_SCORE));
    save(w, Domain.ASSESSMENTS, scores);

    String summer = district + "-SDA";
    save(
        w,
        Domain.PROGRAMS,
        rows(
            spark,
            Domain.PROGRAMS,
            List.of(
                RowFactory.create(
                    summer,
                    "P1",
                    "Summer Dreamers",
                    "SUMMER",
                    null,
                    Date.valueOf("2025-06-23"),
                    Date.valueOf("2025-08-01"),
                    30,
                    null),
                RowFactory.create(
                    district + "-AS",
                    "P1",
                    "Afterschool",
                    "AFTERSCHOOL",
                    null,
                    Date.valueOf("2024-09-01"),
                    Date.valueOf("2025-06-01"),
                    150,
                    null))));

    Dataset<Row> enrolled = people.filter(col(SummerCols.PROGRAM_ENROLLED));
    Dataset<Row> unmatched =
        rows(
            spark,
            Domain.PROGRAM_ENROLLMENTS,
            List.of(
                RowFactory.create(
                    summer,
                    null,
                    "Nobody",
                    "Known",
                    Date.valueOf("2015-01-01"),
                    null,
                    Date.valueOf("2025-06-23"),
                    null),
                // an afterschool row that matches no student: not the summer analysis's concern
                RowFactory.create(
                    district + "-AS",
                    null,
                    "Nobody",
                    "Afterschool",
                    Date.valueOf("2015-01-01"),
                    null,
                    Date.valueOf("2024-09-01"),
                    null)));
    save(
        w,
        Domain.PROGRAM_ENROLLMENTS,
        enrolled
            .select(
                lit(summer).as(Cols.PROGRAM_ID),
                col(Cols.STUDENT_ID),
                lit(null).cast("string").as(Cols.FIRST_NAME),
                lit(null).cast("string").as(Cols.LAST_NAME),
                lit(null).cast("date").as(Cols.BIRTH_DATE),
                lit(null).cast("string").as(Cols.SCHOOL_ID),
                date("2025-06-23").as(Cols.BEGIN_DATE),
                date("2025-08-01").as(Cols.END_DATE))
            .unionByName(unmatched));

    save(
        w,
        Domain.PROGRAM_ATTENDANCE,
        people
            .filter(col(SummerCols.PROGRAM_DAYS).gt(0))
            .withColumn("_i", explode(sequence(lit(0), col(SummerCols.PROGRAM_DAYS).minus(1))))
            .select(
                lit(summer).as(Cols.PROGRAM_ID),
                col(Cols.STUDENT_ID),
                lit(null).cast("string").as(Cols.FIRST_NAME),
                lit(null).cast("string").as(Cols.LAST_NAME),
                lit(null).cast("date").as(Cols.BIRTH_DATE),
                date_add(date("2025-06-23"), col("_i")).as(Cols.ATTENDANCE_DATE),
                lit(3.5).cast("decimal(9,2)").as(Cols.HOURS)));

    // instructional days: 25 Aug to 30 Sep 2025 (weekdays), every school
    Dataset<Row> schools = people.select(Cols.SCHOOL_ID).distinct();
    Dataset<Row> days =
        spark
            .range(0, 37)
            .select(date_add(date("2025-08-25"), col("id").cast("int")).as(Cols.CALENDAR_DATE))
            .filter(
                org.apache.spark.sql.functions.dayofweek(col(Cols.CALENDAR_DATE)).between(2, 6));
    save(
        w,
        Domain.CALENDAR,
        schools
            .crossJoin(days)
            .select(
                col(Cols.SCHOOL_ID),
                lit(2026).as(Cols.SCHOOL_YEAR),
                col(Cols.CALENDAR_DATE),
                lit("INSTRUCTIONAL_DAY").as(Cols.CALENDAR_EVENT)));

    // absences: every student misses 0 to 4 of the first 27 school days
    save(
        w,
        Domain.ATTENDANCE,
        people
            .withColumn("_k", pmod(xxhash64(col(Cols.STUDENT_ID), lit(seed)), lit(5)))
            .filter(col("_k").gt(0))
            .withColumn("_i", explode(sequence(lit(1), col("_k").cast("int"))))
            .select(
                col(Cols.STUDENT_ID),
                col(Cols.SCHOOL_ID),
                date_add(date("2025-08-25"), col("_i").multiply(7)).as(Cols.EVENT_DATE),
                when(col("_i").equalTo(1), lit("EXCUSED_ABSENCE"))
                    .otherwise(lit("UNEXCUSED_ABSENCE"))
                    .as(Cols.ATTENDANCE_EVENT),
                lit(null).cast("decimal(9,2)").as(Cols.EVENT_DURATION)));
  }

  /** Writes the union of two districts' conformed tables to a third warehouse. */
  static void union(SparkSession spark, Warehouse a, Warehouse b, Warehouse into) {
    for (Domain d : AnalyseJob.READS) {
      Dataset<Row> rows =
          DeltaTables.read(spark, a.conformed(d))
              .unionByName(DeltaTables.read(spark, b.conformed(d)))
              .drop(Cols.PERIOD);
      save(into, d, rows);
    }
  }

  private static Dataset<Row> score(Dataset<Row> f, String window, int year, String day, String c) {
    return f.filter(col(c).isNotNull())
        .select(
            col(Cols.STUDENT_ID),
            col(Cols.ASSESSMENT_ID),
            col(Cols.SUBJECT),
            lit(year).as(Cols.SCHOOL_YEAR),
            lit(window).as(Cols.ASSESSMENT_WINDOW),
            date(day).as(Cols.ADMINISTRATION_DATE),
            col(c).cast("decimal(9,2)").as(Cols.SCALE_SCORE),
            lit(null).cast("int").as(Cols.PERCENTILE),
            lit(null).cast("string").as(Cols.PERFORMANCE_LEVEL));
  }

  private static Column date(String d) {
    return lit(Date.valueOf(d));
  }

  private static Dataset<Row> rows(SparkSession spark, Domain d, List<Row> rows) {
    List<StructField> fields = new ArrayList<>(List.of(d.conformedSchema().fields()));
    fields.remove(fields.size() - 1); // period is added on write
    return spark.createDataFrame(
        rows, org.apache.spark.sql.types.DataTypes.createStructType(fields));
  }

  /** Casts to the conformed schema and writes the period's slice. */
  private static void save(Warehouse w, Domain d, Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : d.conformedSchema().fields()) {
      if (!f.name().equals(Cols.PERIOD)) {
        cols.add(col(f.name()).cast(f.dataType()).as(f.name()));
      }
    }
    DeltaTables.replaceSlice(
        rows.select(cols.toArray(Column[]::new)), w.conformed(d), Cols.PERIOD, PERIOD);
  }
}
