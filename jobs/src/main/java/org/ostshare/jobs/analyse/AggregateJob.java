package org.ostshare.jobs.analyse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.stats.Coefficient;
import org.ostshare.common.stats.MetaAnalysis;
import org.ostshare.common.stats.Ols;
import org.ostshare.common.stats.OlsBlocks;
import org.ostshare.common.summer.AttendanceCell;
import org.ostshare.common.summer.Cell;
import org.ostshare.common.summer.Cells;
import org.ostshare.common.summer.DosageGroup;
import org.ostshare.common.summer.Effects;
import org.ostshare.common.summer.Publication;
import org.ostshare.common.summer.SummerCols;
import org.ostshare.common.time.SchoolYear;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Files;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.Stage;

/**
 * {@code ostshare aggregate}: combines districts' submissions exactly (cells and regression blocks
 * add up, so pooled means, SDs and coefficients equal those of the union of the districts' rows),
 * pools each group effect across districts (inverse-variance fixed effect and DerSimonian-Laird
 * random effects on the districts' school-clustered estimates), suppresses what it publishes and
 * verifies it as written. Submissions of different formats, settings, years or models are refused.
 */
public final class AggregateJob {
  private AggregateJob() {}

  public static final String UNION = "union-ols";

  /**
   * @param pooled published pooled effects, one per subject, basis, group and method
   * @param cells the combined cells without margins (restricted, for checks)
   * @param blocks the combined regression blocks per model
   */
  public record Result(
      String schoolYear,
      List<String> districts,
      List<Pooled> pooled,
      List<Cell> cells,
      Map<String, OlsBlocks> blocks,
      int publishedCells,
      int suppressedCells,
      String reports) {}

  /** One pooled effect in SD units. */
  public record Pooled(
      String subject,
      String basis,
      String group,
      String method,
      long n,
      int districts,
      double estimate,
      double se,
      double lower,
      double upper,
      double tau2,
      double i2) {}

  public static Result run(SparkSession spark, Settings settings, List<String> submissionDirs) {
    if (submissionDirs.isEmpty()) {
      throw Errors.settings(
          "No submissions given.",
          "aggregate combines districts' submissions.",
          "Pass one or more folders with --submissions.");
    }
    int minCell = settings.analyse().minCell();
    Warehouse w = Warehouse.of(settings);
    List<Submission> subs = new ArrayList<>();
    try (Stage s = Stage.start(spark, "aggregate", "read submissions")) {
      for (String dir : submissionDirs) {
        subs.add(Submission.read(spark, dir));
      }
      checkCompatible(subs, submissionDirs);
      s.done(subs.size() + " districts");
    }
    Submission first = subs.get(0);
    String label = SchoolYear.label(first.schoolYear());
    String reports = w.stateReports(label);

    List<Cell> all = new ArrayList<>();
    Map<String, OlsBlocks> blocks = new TreeMap<>();
    List<AttendanceCell> attendance = new ArrayList<>();
    for (Submission s : subs) {
      all.addAll(s.cells());
      s.blocks().forEach((k, b) -> blocks.merge(k, b, OlsBlocks::plus));
      attendance.addAll(s.attendance());
    }
    List<Cell> cells = Cells.combine(all);
    Map<String, AttendanceCell> att = new LinkedHashMap<>();
    for (AttendanceCell a : attendance) {
      att.merge(
          a.grade() + "|" + a.group(),
          a,
          (x, y) ->
              new AttendanceCell(x.grade(), x.group(), x.n() + y.n(), x.chronic() + y.chronic()));
    }

    List<Pooled> pooled = new ArrayList<>();
    for (Map.Entry<String, OlsBlocks> e : blocks.entrySet()) {
      String[] sb = e.getKey().split("\\|");
      String subject = sb[0];
      String basis = sb[1];
      Ols.Fit fit = Ols.fit(e.getValue());
      List<Coefficient> classical = fit.classical();
      double sd = Effects.pooledWithinGradeSd(cells, subject, basis);
      for (DosageGroup g : DosageGroup.COMPARED) {
        long n = groupN(cells, subject, basis, g.name());
        Coefficient c = classical.get(fit.index(g.term())).scaled(sd);
        pooled.add(
            new Pooled(
                subject,
                basis,
                g.name(),
                UNION,
                n,
                subs.size(),
                c.estimate(),
                c.se(),
                c.lower(),
                c.upper(),
                Double.NaN,
                Double.NaN));
        List<MetaAnalysis.Study> studies = new ArrayList<>();
        for (Submission s : subs) {
          for (Submission.Estimate est : s.estimates()) {
            if (est.subject().equals(subject)
                && est.basis().equals(basis)
                && est.group().equals(g.name())) {
              studies.add(
                  new MetaAnalysis.Study(
                      s.districtId(),
                      est.estimate() / est.sdFall(),
                      est.seCluster() / est.sdFall()));
            }
          }
        }
        if (studies.stream().anyMatch(x -> Double.isFinite(x.se()) && x.se() > 0)) {
          for (MetaAnalysis.Pooled p :
              List.of(MetaAnalysis.fixedEffect(studies), MetaAnalysis.randomEffects(studies))) {
            pooled.add(
                new Pooled(
                    subject,
                    basis,
                    g.name(),
                    p.method(),
                    n,
                    p.studies(),
                    p.estimate(),
                    p.se(),
                    p.lower(),
                    p.upper(),
                    p.tau2(),
                    p.i2()));
          }
        }
      }
    }

    List<Publication.Row> published = Publication.descriptive(Cells.withMargins(cells), minCell);
    int suppressed = (int) published.stream().filter(Publication.Row::suppressed).count();
    try (Stage s = Stage.start(spark, "aggregate", "publish and verify")) {
      DeltaTables.replaceSlice(
          SummerTables.descriptive(spark, published),
          w.state("descriptive"),
          AnalyseJob.SLICE,
          label);
      DeltaTables.replaceSlice(
          pooledTable(spark, pooled, minCell), w.state("pooled_effects"), AnalyseJob.SLICE, label);
      DeltaTables.replaceSlice(
          SummerTables.attendance(
              spark, AttendanceCell.publish(new ArrayList<>(att.values()), minCell)),
          w.state("fall_attendance"),
          AnalyseJob.SLICE,
          label);
      Dataset<Row> d = AnalyseJob.slice(spark, w.state("descriptive"), label);
      Dataset<Row> p = AnalyseJob.slice(spark, w.state("pooled_effects"), label);
      Dataset<Row> a = AnalyseJob.slice(spark, w.state("fall_attendance"), label);
      SummerTables.verify("the state aggregate " + label, d, p, a, minCell);
      Files.writeCsv(d, reports + "/descriptive.csv");
      Files.writeCsv(p, reports + "/pooled_effects.csv");
      Files.writeCsv(a, reports + "/fall_attendance.csv");
      Files.writeCsv(districtsTable(spark, subs), reports + "/districts.csv");
      s.done(published.size() + " cells published, " + suppressed + " suppressed; verified");
    }
    return new Result(
        label,
        subs.stream().map(Submission::districtId).toList(),
        pooled.stream().filter(x -> x.n() >= minCell).toList(),
        cells,
        blocks,
        published.size() - suppressed,
        suppressed,
        reports);
  }

  static void checkCompatible(List<Submission> subs, List<String> dirs) {
    Submission first = subs.get(0);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < subs.size(); i++) {
      Submission s = subs.get(i);
      String where = "Submission " + dirs.get(i) + " (district " + s.districtId() + ")";
      if (seen.contains(s.districtId())) {
        throw Errors.refused(
            where + " repeats a district already given.",
            "Adding a district twice would double-count its students.",
            "Pass each district's submission once.");
      }
      seen.add(s.districtId());
      if (s.schoolYear() != first.schoolYear()) {
        throw Errors.refused(
            where
                + " is for "
                + SchoolYear.label(s.schoolYear())
                + ", the first for "
                + SchoolYear.label(first.schoolYear())
                + ".",
            "Cells of different summers are different cohorts.",
            "Aggregate one school year at a time.");
      }
      if (!Objects.equals(s.settings().root().unwrapped(), first.settings().root().unwrapped())) {
        throw Errors.refused(
            where
                + " was analysed with different settings: "
                + s.settings().root().unwrapped()
                + " versus "
                + first.settings().root().unwrapped()
                + " (district "
                + first.districtId()
                + ").",
            "Dosage thresholds, minimum cell size, assessments and attendance rules change what a"
                + " cell means; such cells cannot be added.",
            "Ask the districts to rerun 'ostshare analyse' with the state's ostshare.analyse"
                + " settings.");
      }
      if (!s.terms().equals(first.terms())) {
        throw Errors.refused(
            where + " has model terms " + s.terms() + ", not " + first.terms() + ".",
            "Regression blocks over different terms cannot be added.",
            "Use the same ostshare version in every district.");
      }
    }
  }

  static long groupN(List<Cell> cells, String subject, String basis, String group) {
    return cells.stream()
        .filter(
            c ->
                c.subject().equals(subject)
                    && c.basis().equals(basis)
                    && c.variable().equals(Cell.ALL)
                    && c.group().equals(group))
        .mapToLong(c -> c.stats().n())
        .sum();
  }

  static final StructType POOLED =
      new StructType()
          .add(Cols.SUBJECT, DataTypes.StringType)
          .add(SummerCols.BASIS, DataTypes.StringType)
          .add(SummerCols.DOSAGE_GROUP, DataTypes.StringType)
          .add("method", DataTypes.StringType)
          .add("n", DataTypes.LongType)
          .add("districts", DataTypes.IntegerType)
          .add("effect_sd", DataTypes.DoubleType)
          .add("se_sd", DataTypes.DoubleType)
          .add("lower_sd", DataTypes.DoubleType)
          .add("upper_sd", DataTypes.DoubleType)
          .add("tau2", DataTypes.DoubleType)
          .add("i2", DataTypes.DoubleType)
          .add(SummerTables.SUPPRESSED, DataTypes.BooleanType);

  static Dataset<Row> pooledTable(SparkSession spark, List<Pooled> pooled, int minCell) {
    List<Row> rows = new ArrayList<>();
    for (Pooled p : pooled) {
      boolean hide = p.n() < minCell;
      rows.add(
          hide
              ? RowFactory.create(
                  p.subject(),
                  p.basis(),
                  p.group(),
                  p.method(),
                  null,
                  p.districts(),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  true)
              : RowFactory.create(
                  p.subject(),
                  p.basis(),
                  p.group(),
                  p.method(),
                  p.n(),
                  p.districts(),
                  num(p.estimate()),
                  num(p.se()),
                  num(p.lower()),
                  num(p.upper()),
                  num(p.tau2()),
                  num(p.i2()),
                  false));
    }
    return spark.createDataFrame(rows, POOLED);
  }

  static Dataset<Row> districtsTable(SparkSession spark, List<Submission> subs) {
    List<Row> rows = new ArrayList<>();
    for (Submission s : subs) {
      rows.add(RowFactory.create(s.districtId(), SchoolYear.label(s.schoolYear())));
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("district_id", DataTypes.StringType)
            .add("school_year", DataTypes.StringType));
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
