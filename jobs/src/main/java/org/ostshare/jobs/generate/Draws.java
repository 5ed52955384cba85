package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Deterministic random draws as column expressions. Every draw is a hash of (seed, salt, row key),
 * never {@code rand()}: the same seed gives the same district whatever the partitioning, the number
 * of cores or the order rows are computed in. Salts name the draw ("absence-rate", "course-mark")
 * so that two draws about the same row are independent.
 */
final class Draws {
  private static final double TWO_POW_53 = 9007199254740992.0;

  private final long seed;

  Draws(long seed) {
    this.seed = seed;
  }

  long seed() {
    return seed;
  }

  /** A 64-bit hash of the seed, the salt and the key columns. */
  Column hash(String salt, Column... key) {
    List<Column> parts = new ArrayList<>();
    parts.add(lit(seed));
    parts.add(lit(salt));
    parts.addAll(List.of(key));
    return xxhash64(parts.toArray(Column[]::new));
  }

  /** Uniform on [0, 1): the top 53 bits of the hash. */
  Column uniform(String salt, Column... key) {
    return shiftrightunsigned(hash(salt, key), 11).cast("double").divide(TWO_POW_53);
  }

  /** Standard normal (Box-Muller on two independent uniforms). */
  Column normal(String salt, Column... key) {
    Column u1 = lit(1.0).minus(uniform(salt + "#1", key)); // (0, 1]: log is finite
    Column u2 = uniform(salt + "#2", key);
    return sqrt(log(u1).multiply(-2.0)).multiply(cos(u2.multiply(2 * Math.PI)));
  }

  /** True with probability p (a column or constant). */
  Column chance(String salt, Column p, Column... key) {
    return uniform(salt, key).lt(p);
  }

  /** A whole number in [0, n) for a column n >= 1. */
  Column below(String salt, Column n, Column... key) {
    return floor(uniform(salt, key).multiply(n)).cast("int");
  }

  /** Picks one element of a literal list, uniformly. */
  Column pick(String salt, List<String> values, Column... key) {
    Column arr = array(values.stream().map(v -> lit(v)).toArray(Column[]::new));
    return element_at(arr, below(salt, lit(values.size()), key).plus(1));
  }

  /**
   * Picks a code by cumulative weights: {@code codes[i]} when the uniform falls in the i-th
   * interval of {@code weights} (which need not sum to 1: the last code takes the rest).
   */
  Column weighted(String salt, List<String> codes, double[] weights, Column... key) {
    Column u = uniform(salt, key);
    Column result = lit(codes.get(codes.size() - 1));
    double cumulative = 0;
    for (int i = codes.size() - 2; i >= 0; i--) {
      cumulative = 0;
      for (int j = 0; j <= i; j++) {
        cumulative += weights[j];
      }
      result = when(u.lt(cumulative), lit(codes.get(i))).otherwise(result);
    }
    return result;
  }

  /** The logistic function, for probabilities driven by a linear score. */
  static Column sigmoid(Column x) {
    return lit(1.0).divide(lit(1.0).plus(exp(x.multiply(-1.0))));
  }

  /** Standard normal CDF, logistic approximation (error below 0.01), for percentiles. */
  static Column normalCdf(Column z) {
    return sigmoid(z.multiply(1.702));
  }

  static Column clamp(Column x, double lo, double hi) {
    return least(greatest(x, lit(lo)), lit(hi));
  }
}
