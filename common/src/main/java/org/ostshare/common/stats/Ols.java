package org.ostshare.common.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.ostshare.common.error.Errors;

/**
 * Ordinary least squares from sufficient statistics, with classical, heteroskedasticity-robust
 * (HC1) and cluster-robust (CR1) covariances. Pure arithmetic on k×k matrices: the rows never reach
 * this class, only X'X, X'y, y'y, n and the "meat" sums computed where the rows live.
 *
 * <p>Terms that are all zero or a linear combination of earlier terms are <em>aliased</em> and
 * dropped (estimate NaN), as R's {@code lm} does; so a model may list every grade and category and
 * still be identified on a district that lacks some of them.
 *
 * <ul>
 *   <li>β = (X'X)⁻¹X'y; SSR = y'y − β'X'y; σ² = SSR/(n − k)
 *   <li>HC1: V = n/(n − k) · (X'X)⁻¹ [Σ e_i² x_i x_i'] (X'X)⁻¹, t with n − k df
 *   <li>CR1: V = G/(G − 1) · (n − 1)/(n − k) · (X'X)⁻¹ [Σ_g u_g u_g'] (X'X)⁻¹ with u_g = Σ_{i∈g}
 *       e_i x_i, t with G − 1 df (Stata's {@code vce(cluster)})
 * </ul>
 */
public final class Ols {
  /** A term is aliased when less than this share of its square sum is left after earlier terms. */
  static final double ALIAS_TOLERANCE = 1e-10;

  private Ols() {}

  /** Fits the model whose blocks these are. */
  public static Fit fit(OlsBlocks blocks) {
    int k = blocks.k();
    double[][] xtx = blocks.xtx();
    // keep terms in order while they add something that earlier kept terms cannot express
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      if (!(xtx[j][j] > 0)) {
        continue;
      }
      List<Integer> trial = new ArrayList<>(kept);
      trial.add(j);
      if (residualShare(xtx, kept, j) > ALIAS_TOLERANCE) {
        kept = trial;
      }
    }
    int[] idx = kept.stream().mapToInt(Integer::intValue).toArray();
    int p = idx.length;
    if (p == 0 || blocks.n() <= p) {
      throw Errors.refused(
          "The regression cannot be estimated: "
              + blocks.n()
              + " rows for "
              + p
              + " identifiable terms.",
          "OLS needs more rows than coefficients.",
          "Analyse a larger cohort, or check that the cohort is not empty.");
    }
    double[][] inverse = invertScaled(sub(xtx, idx));
    double[] b = new double[p];
    for (int r = 0; r < p; r++) {
      double s = 0;
      for (int c = 0; c < p; c++) {
        s += inverse[r][c] * blocks.xty()[idx[c]];
      }
      b[r] = s;
    }
    double fitted = 0;
    for (int r = 0; r < p; r++) {
      fitted += b[r] * blocks.xty()[idx[r]];
    }
    double ssr = Math.max(0, blocks.yty() - fitted);
    double[] beta = new double[k];
    Arrays.fill(beta, Double.NaN);
    for (int r = 0; r < p; r++) {
      beta[idx[r]] = b[r];
    }
    return new Fit(blocks.terms(), idx, beta, inverse, blocks.n(), ssr);
  }

  /**
   * The share of a term's square sum not explained by the kept terms: x_j'x_j − x_j'X_S (X_S'X_S)⁻¹
   * X_S'x_j, over x_j'x_j (1 − uncentred R²).
   */
  private static double residualShare(double[][] xtx, List<Integer> kept, int j) {
    if (kept.isEmpty()) {
      return 1;
    }
    int[] s = kept.stream().mapToInt(Integer::intValue).toArray();
    double[][] inv = invertScaled(sub(xtx, s));
    double explained = 0;
    for (int r = 0; r < s.length; r++) {
      for (int c = 0; c < s.length; c++) {
        explained += xtx[j][s[r]] * inv[r][c] * xtx[s[c]][j];
      }
    }
    return (xtx[j][j] - explained) / xtx[j][j];
  }

  /**
   * Inverse of a symmetric positive-definite matrix, scaled to unit diagonal first (so that scale
   * scores near 200 and 0/1 dummies do not make it ill-conditioned), then scaled back.
   */
  static double[][] invertScaled(double[][] a) {
    int p = a.length;
    double[] d = new double[p];
    for (int i = 0; i < p; i++) {
      d[i] = 1 / Math.sqrt(a[i][i]);
    }
    double[][] scaled = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        scaled[i][j] = a[i][j] * d[i] * d[j];
      }
    }
    RealMatrix inv =
        new LUDecomposition(new Array2DRowRealMatrix(scaled, false)).getSolver().getInverse();
    double[][] out = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        out[i][j] = inv.getEntry(i, j) * d[i] * d[j];
      }
    }
    return out;
  }

  static double[][] sub(double[][] m, int[] idx) {
    double[][] out = new double[idx.length][idx.length];
    for (int r = 0; r < idx.length; r++) {
      for (int c = 0; c < idx.length; c++) {
        out[r][c] = m[idx[r]][idx[c]];
      }
    }
    return out;
  }

  /** t quantile for a two-sided 95% interval; the normal one for very large df. */
  public static double t975(double df) {
    if (!(df >= 1)) {
      return Double.NaN;
    }
    return new TDistribution(null, df, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY)
        .inverseCumulativeProbability(0.975);
  }

  /**
   * A fitted model.
   *
   * @param kept indices (into terms) of the identified terms, in order
   * @param beta coefficient per term; NaN for aliased terms
   * @param inverse (X'X)⁻¹ over the kept terms
   */
  public record Fit(
      List<String> terms, int[] kept, double[] beta, double[][] inverse, long n, double ssr)
      implements Serializable {

    /** Number of identified coefficients. */
    public int k() {
      return kept.length;
    }

    public double residualDf() {
      return n - k();
    }

    public double sigma2() {
      return ssr / residualDf();
    }

    /** β with aliased terms as 0, ready to compute residuals y − x'β over all terms. */
    public double[] betaForResiduals() {
      double[] b = beta.clone();
      for (int i = 0; i < b.length; i++) {
        if (Double.isNaN(b[i])) {
          b[i] = 0;
        }
      }
      return b;
    }

    public int index(String term) {
      int i = terms.indexOf(term);
      if (i < 0) {
        throw new IllegalArgumentException("no term " + term + " in " + terms);
      }
      return i;
    }

    /** Classical (homoskedastic) coefficients. */
    public List<Coefficient> classical() {
      double[][] v = new double[k()][k()];
      for (int r = 0; r < k(); r++) {
        for (int c = 0; c < k(); c++) {
          v[r][c] = inverse[r][c] * sigma2();
        }
      }
      return coefficients(v, residualDf());
    }

    /**
     * HC1 coefficients.
     *
     * @param meat Σ e_i² x_i x_i' over all terms (k×k of the full term list)
     */
    public List<Coefficient> hc1(double[][] meat) {
      double[][] v = sandwich(sub(meat, kept));
      double c = (double) n / (n - k());
      scale(v, c);
      return coefficients(v, residualDf());
    }

    /**
     * CR1 (cluster-robust) coefficients.
     *
     * @param meat Σ_g u_g u_g' over all terms, u_g = Σ_{i∈g} e_i x_i
     * @param clusters number of clusters G
     */
    public List<Coefficient> cluster(double[][] meat, long clusters) {
      double[][] v = sandwich(sub(meat, kept));
      double c = clusters / (clusters - 1.0) * (n - 1.0) / (n - k());
      scale(v, c);
      return coefficients(v, clusters - 1.0);
    }

    private double[][] sandwich(double[][] meat) {
      int p = k();
      double[][] left = new double[p][p];
      for (int r = 0; r < p; r++) {
        for (int c = 0; c < p; c++) {
          double s = 0;
          for (int m = 0; m < p; m++) {
            s += inverse[r][m] * meat[m][c];
          }
          left[r][c] = s;
        }
      }
      double[][] v = new double[p][p];
      for (int r = 0; r < p; r++) {
        for (int c = 0; c < p; c++) {
          double s = 0;
          for (int m = 0; m < p; m++) {
            s += left[r][m] * inverse[m][c];
          }
          v[r][c] = s;
        }
      }
      return v;
    }

    private static void scale(double[][] v, double c) {
      for (double[] row : v) {
        for (int j = 0; j < row.length; j++) {
          row[j] *= c;
        }
      }
    }

    private List<Coefficient> coefficients(double[][] v, double df) {
      double t = t975(df);
      List<Coefficient> out = new ArrayList<>();
      int r = 0;
      for (int i = 0; i < terms.size(); i++) {
        if (r < kept.length && kept[r] == i) {
          double se = Math.sqrt(Math.max(0, v[r][r]));
          out.add(
              new Coefficient(terms.get(i), beta[i], se, beta[i] - t * se, beta[i] + t * se, df));
          r++;
        } else {
          out.add(
              new Coefficient(terms.get(i), Double.NaN, Double.NaN, Double.NaN, Double.NaN, df));
        }
      }
      return out;
    }
  }
}
