package org.ostshare.common.summer;

import java.io.Serializable;
import java.util.List;
import org.ostshare.common.stats.Moments;

/**
 * Additive sufficient statistics of one cell of the descriptive table. Everything the table shows
 * is a function of these, so cells of several districts add up to the cell of their union.
 *
 * @param lost students whose summer change is below zero
 * @param gainN students with a positive school-year gain (prior fall score known)
 * @param gainSum Σ gain over those
 * @param gainChangeSum Σ summer change over those
 */
public record CellStats(
    long n,
    Moments spring,
    Moments fall,
    Moments change,
    Moments springZ,
    Moments fallZ,
    long lost,
    long gainN,
    double gainSum,
    double gainChangeSum)
    implements Serializable {

  public static final CellStats EMPTY =
      new CellStats(
          0, Moments.EMPTY, Moments.EMPTY, Moments.EMPTY, Moments.EMPTY, Moments.EMPTY, 0, 0, 0, 0);

  /** Column names of the statistics, in the order of {@link #values()} (the submission's cells). */
  public static final List<String> COLUMNS =
      List.of(
          "n",
          "spring_sum",
          "spring_sumsq",
          "fall_sum",
          "fall_sumsq",
          "change_sum",
          "change_sumsq",
          "spring_z_sum",
          "spring_z_sumsq",
          "fall_z_sum",
          "fall_z_sumsq",
          "n_lost",
          "n_gain",
          "gain_sum",
          "gain_change_sum");

  public CellStats plus(CellStats o) {
    return new CellStats(
        n + o.n,
        spring.plus(o.spring),
        fall.plus(o.fall),
        change.plus(o.change),
        springZ.plus(o.springZ),
        fallZ.plus(o.fallZ),
        lost + o.lost,
        gainN + o.gainN,
        gainSum + o.gainSum,
        gainChangeSum + o.gainChangeSum);
  }

  /** Share of students whose fall score is below their spring score. */
  public double shareLostGround() {
    return n == 0 ? Double.NaN : (double) lost / n;
  }

  /**
   * Share of the school-year gain lost over the summer, as a ratio of sums over students with a
   * positive gain: −Σ change / Σ gain (stable where single gains are tiny, and additive).
   */
  public double shareOfGainLost() {
    return gainN == 0 || gainSum <= 0 ? Double.NaN : -gainChangeSum / gainSum;
  }

  /** The values in {@link #COLUMNS} order. */
  public double[] values() {
    return new double[] {
      n,
      spring.sum(),
      spring.sumSq(),
      fall.sum(),
      fall.sumSq(),
      change.sum(),
      change.sumSq(),
      springZ.sum(),
      springZ.sumSq(),
      fallZ.sum(),
      fallZ.sumSq(),
      lost,
      gainN,
      gainSum,
      gainChangeSum
    };
  }

  /** Reads values in {@link #COLUMNS} order. */
  public static CellStats of(double[] v) {
    long n = Math.round(v[0]);
    return new CellStats(
        n,
        new Moments(n, v[1], v[2]),
        new Moments(n, v[3], v[4]),
        new Moments(n, v[5], v[6]),
        new Moments(n, v[7], v[8]),
        new Moments(n, v[9], v[10]),
        Math.round(v[11]),
        Math.round(v[12]),
        v[13],
        v[14]);
  }
}
