package org.ostshare.jobs.analyse;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.stats.Coefficient;
import org.ostshare.common.summer.AttendanceCell;
import org.ostshare.common.summer.Cell;
import org.ostshare.common.summer.Effects;
import org.ostshare.common.summer.Publication;
import org.ostshare.common.summer.SummerCols;

/**
 * The published (suppressed) summer-learning tables as small Datasets, their schemas, and the
 * verifier that re-reads them as written. Shared by {@code analyse} and {@code aggregate}.
 */
public final class SummerTables {
  private SummerTables() {}

  public static final String SUPPRESSED = "suppressed";
  public static final String SUPPRESSION = "suppression";

  public static final StructType DESCRIPTIVE =
      schema(
          str(Cols.SUBJECT),
          str(SummerCols.BASIS),
          str(SummerCols.VARIABLE),
          str(SummerCols.VALUE),
          str(Cols.GRADE_LEVEL),
          str(SummerCols.DOSAGE_GROUP),
          f("n", DataTypes.LongType),
          dbl("mean_spring"),
          dbl("mean_fall"),
          dbl("mean_change"),
          dbl("sd_change"),
          dbl("share_lost_ground"),
          dbl("share_of_gain_lost"),
          dbl("mean_fall_z"),
          f(SUPPRESSED, DataTypes.BooleanType),
          str(SUPPRESSION));

  public static final StructType EFFECTS =
      schema(
          str(Cols.SUBJECT),
          str(SummerCols.BASIS),
          str(SummerCols.DOSAGE_GROUP),
          f("n", DataTypes.LongType),
          str("estimator"),
          dbl("estimate_points"),
          dbl("se_hc1"),
          dbl("lower_hc1"),
          dbl("upper_hc1"),
          dbl("se_cluster"),
          dbl("lower_cluster"),
          dbl("upper_cluster"),
          dbl("sd_fall"),
          dbl("effect_sd"),
          dbl("lower_sd"),
          dbl("upper_sd"),
          dbl("naive_gap_sd"),
          str("naive_gap_label"),
          f(SUPPRESSED, DataTypes.BooleanType));

  public static final StructType ATTENDANCE =
      schema(
          str(Cols.GRADE_LEVEL),
          str(SummerCols.DOSAGE_GROUP),
          f("n", DataTypes.LongType),
          dbl("share_chronically_absent"),
          f(SUPPRESSED, DataTypes.BooleanType),
          str(SUPPRESSION));

  /** Label on every naive gap: it compares groups that chose differently. */
  public static final String NAIVE_LABEL = "descriptive, not causal";

  public static Dataset<Row> descriptive(SparkSession spark, List<Publication.Row> rows) {
    List<Row> out = new ArrayList<>();
    for (Publication.Row r : rows) {
      Cell.Key k = r.key();
      out.add(
          RowFactory.create(
              k.subject(),
              k.basis(),
              k.variable(),
              k.value(),
              k.grade(),
              k.group(),
              r.n(),
              r.meanSpring(),
              r.meanFall(),
              r.meanChange(),
              r.sdChange(),
              r.shareLostGround(),
              r.shareOfGainLost(),
              r.meanFallZ(),
              r.suppressed(),
              r.reason()));
    }
    return spark.createDataFrame(out, DESCRIPTIVE);
  }

  static List<Publication.Row> descriptiveRows(List<Row> rows) {
    List<Publication.Row> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Publication.Row(
              new Cell.Key(
                  r.getAs(Cols.SUBJECT),
                  r.getAs(SummerCols.BASIS),
                  r.getAs(SummerCols.VARIABLE),
                  r.getAs(SummerCols.VALUE),
                  r.getAs(Cols.GRADE_LEVEL),
                  r.getAs(SummerCols.DOSAGE_GROUP)),
              r.getAs("n"),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              r.<Boolean>getAs(SUPPRESSED),
              r.getAs(SUPPRESSION)));
    }
    return out;
  }

  /**
   * Group effects as published rows: a group with fewer than minCell rows publishes nothing but its
   * suppression flag.
   *
   * @param estimator e.g. "OLS, HC1 and school-clustered (CR1) SEs" or "pooled union OLS"
   */
  public static Dataset<Row> effects(
      SparkSession spark, List<Effects.GroupEffect> effects, int minCell, String estimator) {
    List<Row> out = new ArrayList<>();
    for (Effects.GroupEffect e : effects) {
      boolean hide = e.n() < minCell;
      Coefficient h = e.hc1();
      Coefficient c = e.cluster();
      Coefficient sd = e.clusterSd();
      out.add(
          hide
              ? RowFactory.create(
                  e.subject(),
                  e.basis(),
                  e.group(),
                  null,
                  estimator,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  NAIVE_LABEL,
                  true)
              : RowFactory.create(
                  e.subject(),
                  e.basis(),
                  e.group(),
                  e.n(),
                  estimator,
                  num(c.estimate()),
                  num(h.se()),
                  num(h.lower()),
                  num(h.upper()),
                  num(c.se()),
                  num(c.lower()),
                  num(c.upper()),
                  num(e.sdFall()),
                  num(sd.estimate()),
                  num(sd.lower()),
                  num(sd.upper()),
                  num(e.naiveGapSd()),
                  NAIVE_LABEL,
                  false));
    }
    return spark.createDataFrame(out, EFFECTS);
  }

  public static Dataset<Row> attendance(SparkSession spark, List<AttendanceCell.Published> rows) {
    List<Row> out = new ArrayList<>();
    for (AttendanceCell.Published p : rows) {
      out.add(
          RowFactory.create(
              p.grade(), p.group(), p.n(), p.shareChronic(), p.suppressed(), p.reason()));
    }
    return spark.createDataFrame(out, ATTENDANCE);
  }

  /**
   * Re-checks the tables as written (read back): no n below the minimum is published, no suppressed
   * value can be recovered from row or column totals. Fails the run with a privacy error (exit code
   * 7) naming every problem.
   */
  public static void verify(
      String where,
      Dataset<Row> descriptive,
      Dataset<Row> effects,
      Dataset<Row> attendance,
      int minCell) {
    List<String> problems = new ArrayList<>();
    problems.addAll(
        Publication.verify(descriptiveRows(descriptive.collectAsList()), minCell).stream()
            .map(p -> "descriptive " + p)
            .toList());
    for (Row r : effects.collectAsList()) {
      Long n = r.getAs("n");
      boolean hidden = r.<Boolean>getAs(SUPPRESSED);
      if (!hidden && (n == null || n < minCell)) {
        problems.add(
            "effects: "
                + r.getAs(Cols.SUBJECT)
                + " "
                + r.getAs(SummerCols.DOSAGE_GROUP)
                + " publishes an estimate for n = "
                + n
                + ", below the minimum of "
                + minCell);
      }
    }
    if (attendance != null) {
      List<AttendanceCell.Published> att = new ArrayList<>();
      for (Row r : attendance.collectAsList()) {
        att.add(
            new AttendanceCell.Published(
                r.getAs(Cols.GRADE_LEVEL),
                r.getAs(SummerCols.DOSAGE_GROUP),
                r.getAs("n"),
                r.getAs("share_chronically_absent"),
                r.<Boolean>getAs(SUPPRESSED),
                r.getAs(SUPPRESSION)));
      }
      AttendanceCell.verify(att, minCell).forEach(p -> problems.add("fall attendance: " + p));
    }
    if (!problems.isEmpty()) {
      throw Errors.privacy(
          "The published summer-learning tables of "
              + where
              + " fail the disclosure check:\n    - "
              + String.join("\n    - ", problems.subList(0, Math.min(20, problems.size())))
              + (problems.size() > 20 ? "\n    - ... " + (problems.size() - 20) + " more" : ""),
          "Aggregates leaving the district must not show cells below the minimum n ("
              + minCell
              + "), nor let a suppressed cell be recovered from its totals.",
          "Nothing was exported. Report this as a bug; the tables in the warehouse are the"
              + " evidence.");
    }
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static StructType schema(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  private static StructField str(String name) {
    return f(name, DataTypes.StringType);
  }

  private static StructField dbl(String name) {
    return f(name, DataTypes.DoubleType);
  }

  private static StructField f(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
