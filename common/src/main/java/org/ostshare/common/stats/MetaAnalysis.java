package org.ostshare.common.stats;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Pools one effect across districts from each district's estimate and standard error:
 * inverse-variance fixed effect, and DerSimonian-Laird random effects (between-district variance τ²
 * by the method of moments). Intervals are normal (z = 1.96), as is usual for pooled effects.
 */
public final class MetaAnalysis {
  private MetaAnalysis() {}

  /** One district's estimate. */
  public record Study(String id, double estimate, double se) {}

  /**
   * @param q Cochran's Q
   * @param tau2 between-study variance (DerSimonian-Laird), 0 for the fixed effect
   * @param i2 share of variation due to heterogeneity, 0 to 1
   */
  public record Pooled(
      String method,
      int studies,
      double estimate,
      double se,
      double lower,
      double upper,
      double q,
      double tau2,
      double i2) {}

  public static double z975() {
    return new NormalDistribution().inverseCumulativeProbability(0.975);
  }

  /** Inverse-variance fixed effect: Σ w y / Σ w with w = 1/se², se = 1/√Σw. */
  public static Pooled fixedEffect(List<Study> studies) {
    List<Study> usable = usable(studies);
    double sw = 0;
    double swy = 0;
    for (Study s : usable) {
      double w = 1 / (s.se() * s.se());
      sw += w;
      swy += w * s.estimate();
    }
    double est = swy / sw;
    double se = Math.sqrt(1 / sw);
    double q = q(usable, est);
    double z = z975();
    return new Pooled(
        "fixed-effect", usable.size(), est, se, est - z * se, est + z * se, q, 0, i2(q, usable));
  }

  /** DerSimonian-Laird: τ² = max(0, (Q − (m − 1)) / (Σw − Σw²/Σw)); weights 1/(se² + τ²). */
  public static Pooled randomEffects(List<Study> studies) {
    List<Study> usable = usable(studies);
    Pooled fe = fixedEffect(usable);
    double sw = 0;
    double sw2 = 0;
    for (Study s : usable) {
      double w = 1 / (s.se() * s.se());
      sw += w;
      sw2 += w * w;
    }
    double c = sw - sw2 / sw;
    double tau2 = usable.size() > 1 && c > 0 ? Math.max(0, (fe.q() - (usable.size() - 1)) / c) : 0;
    double swr = 0;
    double swry = 0;
    for (Study s : usable) {
      double w = 1 / (s.se() * s.se() + tau2);
      swr += w;
      swry += w * s.estimate();
    }
    double est = swry / swr;
    double se = Math.sqrt(1 / swr);
    double z = z975();
    return new Pooled(
        "random-effects-dl",
        usable.size(),
        est,
        se,
        est - z * se,
        est + z * se,
        fe.q(),
        tau2,
        fe.i2());
  }

  private static List<Study> usable(List<Study> studies) {
    return studies.stream()
        .filter(s -> Double.isFinite(s.estimate()) && Double.isFinite(s.se()) && s.se() > 0)
        .toList();
  }

  private static double q(List<Study> studies, double pooled) {
    double q = 0;
    for (Study s : studies) {
      double d = s.estimate() - pooled;
      q += d * d / (s.se() * s.se());
    }
    return q;
  }

  private static double i2(double q, List<Study> studies) {
    int df = studies.size() - 1;
    return q > 0 && df > 0 ? Math.max(0, (q - df) / q) : 0;
  }
}
