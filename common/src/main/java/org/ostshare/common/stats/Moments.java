package org.ostshare.common.stats;

import java.io.Serializable;

/**
 * Sufficient statistics of one variable in one cell: n, Σx and Σx². They add up exactly across
 * cells and districts, so a pooled mean or SD equals the one computed on the union of the rows (to
 * floating-point rounding).
 */
public record Moments(long n, double sum, double sumSq) implements Serializable {
  public static final Moments EMPTY = new Moments(0, 0, 0);

  public Moments plus(Moments o) {
    return new Moments(n + o.n, sum + o.sum, sumSq + o.sumSq);
  }

  /** Mean, or NaN for an empty cell. */
  public double mean() {
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Sample variance (n − 1 in the denominator), or NaN below two rows. */
  public double variance() {
    if (n < 2) {
      return Double.NaN;
    }
    double centred = sumSq - sum * sum / n;
    return Math.max(0, centred) / (n - 1);
  }

  /** Sample standard deviation, or NaN below two rows. */
  public double sd() {
    return Math.sqrt(variance());
  }
}
