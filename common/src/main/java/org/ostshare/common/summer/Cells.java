package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.schema.Cols;

/**
 * The descriptive cells: one aggregation of the analysis frame into {@link CellStats} per subject,
 * dosage basis, subgroup, grade and group (no margins; {@link #withMargins} adds them by exact
 * sums). Subgroups: overall, economically disadvantaged, English learner, disability,
 * race/ethnicity and gender (missing values as UNKNOWN); the hours-based grouping only overall.
 */
public final class Cells {
  private Cells() {}

  public static final String UNKNOWN = "UNKNOWN";

  /** Subgroup variables of the descriptive tables, besides ALL. */
  public static final List<String> SUBGROUPS =
      List.of(
          Cols.ECONOMICALLY_DISADVANTAGED,
          Cols.ENGLISH_LEARNER,
          Cols.DISABILITY,
          Cols.RACE_ETHNICITY,
          Cols.GENDER);

  /** The cells of an analysis frame (cohort rows with dosage groups and z-scores). */
  public static Dataset<Row> aggregate(Dataset<Row> frame) {
    List<Column> subgroups = new ArrayList<>();
    subgroups.add(struct(lit(Cell.ALL).as("v"), lit(Cell.ALL).as("x")));
    for (String s : SUBGROUPS) {
      subgroups.add(struct(lit(s).as("v"), coalesce(col(s).cast("string"), lit(UNKNOWN)).as("x")));
    }
    Column bases =
        array(
            struct(lit(Cell.DAYS).as("b"), col(SummerCols.DOSAGE_GROUP).as("g")),
            struct(lit(Cell.HOURS).as("b"), col(SummerCols.DOSAGE_GROUP_HOURS).as("g")));
    Column change = col(SummerCols.SUMMER_CHANGE);
    Column gain = col(SummerCols.SCHOOL_YEAR_GAIN);
    Column positive = gain.gt(0);
    return frame
        .withColumn("_s", explode(array(subgroups.toArray(Column[]::new))))
        .withColumn("_b", explode(bases))
        .filter(
            col("_b.g")
                .isNotNull()
                .and(col("_b.b").equalTo(Cell.DAYS).or(col("_s.v").equalTo(Cell.ALL))))
        .groupBy(
            col(Cols.SUBJECT),
            col("_b.b").as(SummerCols.BASIS),
            col("_s.v").as(SummerCols.VARIABLE),
            col("_s.x").as(SummerCols.VALUE),
            col(Cols.GRADE_LEVEL),
            col("_b.g").as(SummerCols.DOSAGE_GROUP))
        .agg(
            count(lit(1)).cast("double").as("n"),
            sum(SummerCols.SPRING_SCORE).as("spring_sum"),
            sum(sq(SummerCols.SPRING_SCORE)).as("spring_sumsq"),
            sum(SummerCols.FALL_SCORE).as("fall_sum"),
            sum(sq(SummerCols.FALL_SCORE)).as("fall_sumsq"),
            sum(change).as("change_sum"),
            sum(change.multiply(change)).as("change_sumsq"),
            sum(SummerCols.SPRING_Z).as("spring_z_sum"),
            sum(sq(SummerCols.SPRING_Z)).as("spring_z_sumsq"),
            sum(SummerCols.FALL_Z).as("fall_z_sum"),
            sum(sq(SummerCols.FALL_Z)).as("fall_z_sumsq"),
            sum(when(change.lt(0), 1.0).otherwise(0.0)).as("n_lost"),
            sum(when(positive, 1.0).otherwise(0.0)).as("n_gain"),
            sum(when(positive, gain).otherwise(0.0)).as("gain_sum"),
            sum(when(positive, change).otherwise(0.0)).as("gain_change_sum"));
  }

  private static Column sq(String c) {
    return col(c).cast("double").multiply(col(c).cast("double"));
  }

  /** Reads aggregated rows (key columns then {@link CellStats#COLUMNS}) into cells. */
  public static List<Cell> fromRows(List<Row> rows) {
    List<Cell> out = new ArrayList<>();
    for (Row r : rows) {
      double[] v = new double[CellStats.COLUMNS.size()];
      for (int i = 0; i < v.length; i++) {
        Object o = r.getAs(CellStats.COLUMNS.get(i));
        v[i] = o == null ? 0 : ((Number) o).doubleValue();
      }
      out.add(
          new Cell(
              r.getAs(Cols.SUBJECT),
              r.getAs(SummerCols.BASIS),
              r.getAs(SummerCols.VARIABLE),
              r.getAs(SummerCols.VALUE),
              r.getAs(Cols.GRADE_LEVEL),
              r.getAs(SummerCols.DOSAGE_GROUP),
              CellStats.of(v)));
    }
    return out;
  }

  /** Schema of cell rows: key strings then the statistics as doubles. */
  public static StructType schema() {
    List<StructField> f = new ArrayList<>();
    Cell.KEYS.forEach(k -> f.add(DataTypes.createStructField(k, DataTypes.StringType, false)));
    CellStats.COLUMNS.forEach(
        c -> f.add(DataTypes.createStructField(c, DataTypes.DoubleType, false)));
    return DataTypes.createStructType(f);
  }

  /** Cells as a small Dataset (for writing). */
  public static Dataset<Row> toDataset(SparkSession spark, List<Cell> cells) {
    List<Row> rows = new ArrayList<>();
    for (Cell c : cells) {
      Object[] v = new Object[Cell.KEYS.size() + CellStats.COLUMNS.size()];
      List<String> k = c.key().values();
      for (int i = 0; i < k.size(); i++) {
        v[i] = k.get(i);
      }
      double[] s = c.stats().values();
      for (int i = 0; i < s.length; i++) {
        v[k.size() + i] = s[i];
      }
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, schema());
  }

  /** Sums cells with the same key (e.g. the same cell of several districts). */
  public static List<Cell> combine(List<Cell> cells) {
    return sumBy(cells, Cell::key);
  }

  /**
   * Adds the margins: grade ALL (sum over grades), group ALL (sum over groups), and both. The
   * inputs must be cells without margins.
   */
  public static List<Cell> withMargins(List<Cell> cells) {
    List<Cell> out = new ArrayList<>(cells);
    out.addAll(
        sumBy(
            cells,
            c ->
                new Cell.Key(
                    c.subject(), c.basis(), c.variable(), c.value(), Cell.ALL, c.group())));
    out.addAll(
        sumBy(
            cells,
            c ->
                new Cell.Key(
                    c.subject(), c.basis(), c.variable(), c.value(), c.grade(), Cell.ALL)));
    out.addAll(
        sumBy(
            cells,
            c ->
                new Cell.Key(c.subject(), c.basis(), c.variable(), c.value(), Cell.ALL, Cell.ALL)));
    return out;
  }

  private static List<Cell> sumBy(List<Cell> cells, Function<Cell, Cell.Key> key) {
    Map<Cell.Key, CellStats> sums = new LinkedHashMap<>();
    for (Cell c : cells) {
      sums.merge(key.apply(c), c.stats(), CellStats::plus);
    }
    List<Cell> out = new ArrayList<>();
    sums.forEach(
        (k, s) ->
            out.add(
                new Cell(
                    k.subject(), k.basis(), k.variable(), k.value(), k.grade(), k.group(), s)));
    return out;
  }
}
