package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.schema.Cols;

/**
 * Schools and their calendars. About one school per 370 students (Pittsburgh: 20,000 students in 54
 * schools), at least three so that every grade K-12 has a school. Types cycle so that elementary
 * schools are the most common, and every grade is always served.
 */
final class Schools {
  /** A school: index, id, name, type and grade span (0 = K .. 12). */
  record School(int index, String id, String name, String type, int low, int high) {
    boolean serves(int grade) {
      return grade >= low && grade <= high;
    }
  }

  /** Type pattern by index: with three schools, one elementary, one middle, one high. */
  private static final String[] PATTERN = {
    "ELEMENTARY",
    "MIDDLE",
    "HIGH",
    "K8",
    "ELEMENTARY",
    "ELEMENTARY",
    "K8",
    "HIGH",
    "MIDDLE",
    "ELEMENTARY"
  };

  static final String[] GRADE_CODES = {
    "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"
  };

  private Schools() {}

  static List<School> of(int students) {
    int n = Math.max(3, (int) Math.round(students / 370.0));
    int width = Math.max(4, Integer.toString(n).length());
    List<School> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String type = PATTERN[i % PATTERN.length];
      int[] span =
          switch (type) {
            case "ELEMENTARY" -> new int[] {0, 5};
            case "MIDDLE" -> new int[] {6, 8};
            case "HIGH" -> new int[] {9, 12};
            default -> new int[] {0, 8};
          };
      String suffix =
          switch (type) {
            case "ELEMENTARY" -> "Elementary School";
            case "MIDDLE" -> "Middle School";
            case "HIGH" -> "High School";
            default -> "PreK-8 School";
          };
      int round = i / Names.SCHOOLS.size();
      String name =
          Names.SCHOOLS.get(i % Names.SCHOOLS.size())
              + (round == 0 ? "" : " " + (round + 1))
              + " "
              + suffix;
      String id = "SCH" + String.format("%0" + width + "d", i + 1);
      out.add(new School(i, id, name, type, span[0], span[1]));
    }
    return List.copyOf(out);
  }

  /** Schools serving each grade, in index order: the slots a student's draw picks from. */
  static int[] countsByGrade(List<School> schools) {
    int[] counts = new int[13];
    for (School s : schools) {
      for (int g = s.low(); g <= s.high(); g++) {
        counts[g]++;
      }
    }
    return counts;
  }

  /** (grade, slot, school_id, school_index): where slot {@code k} of a grade leads. */
  static Dataset<Row> slots(SparkSession spark, List<School> schools) {
    List<Row> rows = new ArrayList<>();
    int[] next = new int[13];
    for (School s : schools) {
      for (int g = s.low(); g <= s.high(); g++) {
        rows.add(RowFactory.create(g, next[g]++, s.id(), s.index()));
      }
    }
    StructType schema =
        new StructType()
            .add("slot_grade", DataTypes.IntegerType)
            .add("slot", DataTypes.IntegerType)
            .add(Cols.SCHOOL_ID, DataTypes.StringType)
            .add("school_index", DataTypes.IntegerType);
    return spark.createDataFrame(rows, schema);
  }

  static Dataset<Row> frame(SparkSession spark, List<School> schools) {
    List<Row> rows = new ArrayList<>();
    for (School s : schools) {
      rows.add(
          RowFactory.create(
              s.id(), s.name(), s.type(), GRADE_CODES[s.low()], GRADE_CODES[s.high()]));
    }
    StructType schema =
        new StructType()
            .add(Cols.SCHOOL_ID, DataTypes.StringType)
            .add(Cols.SCHOOL_NAME, DataTypes.StringType)
            .add(Cols.SCHOOL_TYPE, DataTypes.StringType)
            .add(Cols.LOW_GRADE, DataTypes.StringType)
            .add(Cols.HIGH_GRADE, DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  /** Every weekday of both school years at every school: one district calendar, per school. */
  static Dataset<Row> calendar(SparkSession spark, List<School> schools, Timeline time) {
    List<Row> days = new ArrayList<>();
    for (Timeline.Year y : List.of(time.year1, time.year2)) {
      for (Map.Entry<LocalDate, String> e : y.weekdays().entrySet()) {
        days.add(RowFactory.create(y.year(), java.sql.Date.valueOf(e.getKey()), e.getValue()));
      }
    }
    StructType schema =
        new StructType()
            .add(Cols.SCHOOL_YEAR, DataTypes.IntegerType)
            .add(Cols.CALENDAR_DATE, DataTypes.DateType)
            .add(Cols.CALENDAR_EVENT, DataTypes.StringType);
    Dataset<Row> dayFrame = spark.createDataFrame(days, schema);
    return frame(spark, schools).select(col(Cols.SCHOOL_ID)).crossJoin(dayFrame);
  }

  /** The grade code of a grade number column (0 = K). */
  static Column gradeCode(Column grade) {
    return element_at(
        array(java.util.Arrays.stream(GRADE_CODES).map(g -> lit(g)).toArray(Column[]::new)),
        grade.plus(1));
  }
}
