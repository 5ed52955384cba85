package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.stats.Coefficient;
import org.ostshare.common.stats.Moments;
import org.ostshare.common.stats.Ols;
import org.ostshare.common.stats.OlsBlocks;

/**
 * The adjusted estimate per subject: {@link Design} applied to the analysis frame, OLS from
 * distributed blocks, HC1 and school-clustered standard errors, and each dosage group's effect in
 * SD units (divided by the pooled within-grade SD of the fall score). Beside it the naive gap (mean
 * fall z of the group minus that of non-participants), which is descriptive, never causal.
 */
public final class Effects {
  private Effects() {}

  /** One subject's fitted model. */
  public record Model(
      String subject,
      String basis,
      OlsBlocks blocks,
      Ols.Fit fit,
      List<Coefficient> hc1,
      List<Coefficient> cluster,
      long clusters)
      implements Serializable {

    public Coefficient hc1(String term) {
      return hc1.get(fit.index(term));
    }

    public Coefficient cluster(String term) {
      return cluster.get(fit.index(term));
    }
  }

  /**
   * One dosage group's effect against non-participants.
   *
   * @param n rows of the group in the model
   * @param sdFall pooled within-grade SD of the fall score (the unit of the SD-scaled values)
   * @param naiveGapSd mean fall z of the group minus mean fall z of non-participants (descriptive)
   */
  public record GroupEffect(
      String subject,
      String basis,
      String group,
      long n,
      Coefficient hc1,
      Coefficient cluster,
      double sdFall,
      double naiveGapSd)
      implements Serializable {

    /** The estimate and its cluster-robust interval in SD units. */
    public Coefficient clusterSd() {
      return cluster.scaled(sdFall);
    }

    public Coefficient hc1Sd() {
      return hc1.scaled(sdFall);
    }
  }

  /**
   * Fits the model of every subject in the frame.
   *
   * @param frame analysis frame: subject, school_id, the design's inputs and the fall score
   * @param basis DAYS or HOURS, recorded on the result
   */
  public static Map<String, Model> fit(Dataset<Row> frame, Design design, String basis) {
    Dataset<Row> x =
        design.apply(frame.filter(col(design.group()).isNotNull())).select(columns(design));
    x = x.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      List<String> terms = design.terms();
      Map<String, OlsBlocks> blocks = DistributedOls.blocks(x, Cols.SUBJECT, terms, Design.Y);
      Map<String, Ols.Fit> fits = new TreeMap<>();
      blocks.forEach((s, b) -> fits.put(s, Ols.fit(b)));
      Map<String, DistributedOls.Meats> meats =
          DistributedOls.meats(x, Cols.SUBJECT, Cols.SCHOOL_ID, terms, Design.Y, fits);
      Map<String, Model> out = new TreeMap<>();
      for (Map.Entry<String, Ols.Fit> e : fits.entrySet()) {
        DistributedOls.Meats m = meats.get(e.getKey());
        Ols.Fit fit = e.getValue();
        out.put(
            e.getKey(),
            new Model(
                e.getKey(),
                basis,
                blocks.get(e.getKey()),
                fit,
                fit.hc1(m.hc1()),
                fit.cluster(m.cluster().meat(), m.cluster().clusters()),
                m.cluster().clusters()));
      }
      return out;
    } finally {
      x.unpersist(true);
    }
  }

  private static org.apache.spark.sql.Column[] columns(Design design) {
    List<org.apache.spark.sql.Column> c = new ArrayList<>();
    c.add(col(Cols.SUBJECT));
    c.add(col(Cols.SCHOOL_ID));
    design.terms().forEach(t -> c.add(col(t)));
    c.add(col(Design.Y));
    return c.toArray(org.apache.spark.sql.Column[]::new);
  }

  /**
   * Pooled within-grade SD of the fall score of one subject: √(Σ_g (n_g − 1) s_g² / Σ_g (n_g − 1))
   * over the cells of the given basis (all groups, overall subgroup), without margins.
   */
  public static double pooledWithinGradeSd(List<Cell> cells, String subject, String basis) {
    Map<String, Moments> byGrade = new TreeMap<>();
    for (Cell c : cells) {
      if (c.subject().equals(subject)
          && c.basis().equals(basis)
          && c.variable().equals(Cell.ALL)
          && !c.grade().equals(Cell.ALL)
          && !c.group().equals(Cell.ALL)) {
        byGrade.merge(c.grade(), c.stats().fall(), Moments::plus);
      }
    }
    double ss = 0;
    double df = 0;
    for (Moments m : byGrade.values()) {
      if (m.n() >= 2) {
        ss += m.variance() * (m.n() - 1);
        df += m.n() - 1;
      }
    }
    return df > 0 ? Math.sqrt(ss / df) : Double.NaN;
  }

  /** The group effects of a model, with the naive gaps and SD unit taken from the cells. */
  public static List<GroupEffect> groupEffects(Model model, List<Cell> cells) {
    double sd = pooledWithinGradeSd(cells, model.subject(), model.basis());
    Map<String, CellStats> byGroup = new TreeMap<>();
    for (Cell c : cells) {
      if (c.subject().equals(model.subject())
          && c.basis().equals(model.basis())
          && c.variable().equals(Cell.ALL)
          && !c.grade().equals(Cell.ALL)
          && !c.group().equals(Cell.ALL)) {
        byGroup.merge(c.group(), c.stats(), CellStats::plus);
      }
    }
    CellStats reference = byGroup.getOrDefault(DosageGroup.NON_PARTICIPANT.name(), CellStats.EMPTY);
    List<GroupEffect> out = new ArrayList<>();
    for (DosageGroup g : DosageGroup.COMPARED) {
      CellStats s = byGroup.getOrDefault(g.name(), CellStats.EMPTY);
      double naive = s.fallZ().mean() - reference.fallZ().mean();
      out.add(
          new GroupEffect(
              model.subject(),
              model.basis(),
              g.name(),
              s.n(),
              model.hc1(g.term()),
              model.cluster(g.term()),
              sd,
              naive));
    }
    return out;
  }
}
