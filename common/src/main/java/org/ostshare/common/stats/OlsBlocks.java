package org.ostshare.common.stats;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.ostshare.common.error.Errors;

/**
 * The sufficient statistics of a linear regression: X'X, X'y, y'y and n, over named terms. Blocks
 * of the same terms add up exactly (rows of two districts, or two partitions of one), so the
 * coefficients of the union are {@link Ols#fit} of the sum.
 *
 * @param terms names of the columns of X, in order
 * @param xtx k×k, symmetric
 * @param xty k
 */
public record OlsBlocks(List<String> terms, double[][] xtx, double[] xty, double yty, long n)
    implements Serializable {

  public OlsBlocks {
    terms = List.copyOf(terms);
    int k = terms.size();
    if (xtx.length != k || xty.length != k) {
      throw new IllegalArgumentException("blocks do not match " + k + " terms");
    }
  }

  public static OlsBlocks empty(List<String> terms) {
    int k = terms.size();
    return new OlsBlocks(terms, new double[k][k], new double[k], 0, 0);
  }

  public int k() {
    return terms.size();
  }

  /** The exact sum of two blocks over the same terms; refuses blocks of other terms. */
  public OlsBlocks plus(OlsBlocks o) {
    if (!terms.equals(o.terms)) {
      throw Errors.refused(
          "Regression blocks over different terms cannot be added: "
              + terms
              + " versus "
              + o.terms
              + ".",
          "X'X of one model says nothing about another model's columns.",
          "Produce both with the same model (same format version and settings).");
    }
    int k = k();
    double[][] a = new double[k][k];
    double[] b = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        a[i][j] = xtx[i][j] + o.xtx[i][j];
      }
      b[i] = xty[i] + o.xty[i];
    }
    return new OlsBlocks(terms, a, b, yty + o.yty, n + o.n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OlsBlocks b
        && terms.equals(b.terms)
        && Arrays.deepEquals(xtx, b.xtx)
        && Arrays.equals(xty, b.xty)
        && yty == b.yty
        && n == b.n;
  }

  @Override
  public int hashCode() {
    return terms.hashCode() * 31 + Long.hashCode(n);
  }

  @Override
  public String toString() {
    return "OlsBlocks" + terms + " n=" + n;
  }
}
