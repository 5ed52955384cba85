package org.ostshare.common.stats;

/**
 * One regression coefficient with its standard error and 95% interval.
 *
 * @param df degrees of freedom of the t quantile used for the interval
 */
public record Coefficient(
    String term, double estimate, double se, double lower, double upper, double df) {

  /** Whether the interval contains a value. */
  public boolean covers(double value) {
    return lower <= value && value <= upper;
  }

  /** The same coefficient in other units (e.g. divided by an SD): estimate and interval scaled. */
  public Coefficient scaled(double divisor) {
    return new Coefficient(
        term, estimate / divisor, se / divisor, lower / divisor, upper / divisor, df);
  }
}
