package org.ostshare.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OLS from sufficient statistics against values computed independently (numpy, the textbook
 * formulas: β = (X'X)⁻¹X'y; HC1 = n/(n−k) (X'X)⁻¹ Σe²xx' (X'X)⁻¹; CR1 = G/(G−1)·(n−1)/(n−k) (X'X)⁻¹
 * Σ_g u_g u_g' (X'X)⁻¹) on a ten-row, three-cluster example.
 */
class RegressionOlsTest {
  static final double[] X1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  static final double[] D = {0, 1, 0, 1, 0, 1, 0, 1, 1, 0};
  static final double[] Y = {2.1, 3.9, 6.2, 8.1, 9.8, 12.5, 13.9, 16.4, 18.7, 19.6};
  static final int[] CLUSTER = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
  static final List<String> TERMS = List.of("intercept", "x", "d");

  static double[][] rows() {
    double[][] x = new double[10][];
    for (int i = 0; i < 10; i++) {
      x[i] = new double[] {1, X1[i], D[i]};
    }
    return x;
  }

  static OlsBlocks blocks(double[][] x, double[] y, List<String> terms) {
    int k = terms.size();
    double[][] xtx = new double[k][k];
    double[] xty = new double[k];
    double yty = 0;
    for (int i = 0; i < x.length; i++) {
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          xtx[a][b] += x[i][a] * x[i][b];
        }
        xty[a] += x[i][a] * y[i];
      }
      yty += y[i] * y[i];
    }
    return new OlsBlocks(terms, xtx, xty, yty, x.length);
  }

  static double[][] hc1Meat(double[][] x, double[] y, double[] beta) {
    int k = beta.length;
    double[][] m = new double[k][k];
    for (int i = 0; i < x.length; i++) {
      double e = y[i];
      for (int a = 0; a < k; a++) {
        e -= x[i][a] * beta[a];
      }
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          m[a][b] += e * e * x[i][a] * x[i][b];
        }
      }
    }
    return m;
  }

  static double[][] clusterMeat(double[][] x, double[] y, double[] beta, int[] cluster, int g) {
    int k = beta.length;
    double[][] u = new double[g][k];
    for (int i = 0; i < x.length; i++) {
      double e = y[i];
      for (int a = 0; a < k; a++) {
        e -= x[i][a] * beta[a];
      }
      for (int a = 0; a < k; a++) {
        u[cluster[i]][a] += e * x[i][a];
      }
    }
    double[][] m = new double[k][k];
    for (double[] ug : u) {
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          m[a][b] += ug[a] * ug[b];
        }
      }
    }
    return m;
  }

  @Test
  void coefficientsAndStandardErrorsMatchTheTextbookFormulas() {
    double[][] x = rows();
    Ols.Fit fit = Ols.fit(blocks(x, Y, TERMS));

    assertThat(fit.beta()[0]).isCloseTo(-0.11186274509806093, within(1e-9));
    assertThat(fit.beta()[1]).isCloseTo(2.006127450980394, within(1e-9));
    assertThat(fit.beta()[2]).isCloseTo(0.3963235294117651, within(1e-9));
    assertThat(fit.ssr()).isCloseTo(0.632936274509801, within(1e-9));

    List<Coefficient> classical = fit.classical();
    assertThat(classical.get(0).se()).isCloseTo(0.2191949430964029, within(1e-9));
    assertThat(classical.get(1).se()).isCloseTo(0.03328786134730471, within(1e-9));
    assertThat(classical.get(2).se()).isCloseTo(0.19122420487886366, within(1e-9));

    List<Coefficient> hc1 = fit.hc1(hc1Meat(x, Y, fit.beta()));
    assertThat(hc1.get(0).se()).isCloseTo(0.22846014286297647, within(1e-9));
    assertThat(hc1.get(1).se()).isCloseTo(0.04076855752602616, within(1e-9));
    assertThat(hc1.get(2).se()).isCloseTo(0.19674798577420347, within(1e-9));
    // 95% interval with t(n − k = 7) = 2.3646242515927849
    assertThat(hc1.get(2).df()).isEqualTo(7);
    assertThat(hc1.get(2).lower())
        .isCloseTo(0.3963235294117651 - 2.3646242515927849 * 0.19674798577420347, within(1e-9));
    assertThat(hc1.get(2).upper())
        .isCloseTo(0.3963235294117651 + 2.3646242515927849 * 0.19674798577420347, within(1e-9));

    List<Coefficient> cr1 = fit.cluster(clusterMeat(x, Y, fit.beta(), CLUSTER, 3), 3);
    assertThat(cr1.get(0).se()).isCloseTo(0.17008479586524264, within(1e-9));
    assertThat(cr1.get(1).se()).isCloseTo(0.01045877572683778, within(1e-9));
    assertThat(cr1.get(2).se()).isCloseTo(0.33853294599910905, within(1e-9));
    // t(G − 1 = 2) = 4.302652729911275
    assertThat(cr1.get(2).df()).isEqualTo(2);
    assertThat(cr1.get(2).upper())
        .isCloseTo(0.3963235294117651 + 4.302652729911275 * 0.33853294599910905, within(1e-9));
  }

  @Test
  void aliasedTermsAreDroppedAndTheRestIsUnchanged() {
    double[][] x = new double[10][];
    for (int i = 0; i < 10; i++) {
      // an all-zero column and a copy of the intercept (1 − d + d) are not identified
      x[i] = new double[] {1, 0, X1[i], D[i], 1 - D[i]};
    }
    Ols.Fit fit = Ols.fit(blocks(x, Y, List.of("intercept", "zero", "x", "d", "not_d")));

    assertThat(fit.k()).isEqualTo(3);
    assertThat(fit.beta()[1]).isNaN();
    assertThat(fit.beta()[4]).isNaN();
    assertThat(fit.beta()[2]).isCloseTo(2.006127450980394, within(1e-9));
    assertThat(fit.beta()[3]).isCloseTo(0.3963235294117651, within(1e-9));
    List<Coefficient> hc1 = fit.hc1(hc1Meat(x, Y, fit.betaForResiduals()));
    assertThat(hc1.get(3).se()).isCloseTo(0.19674798577420347, within(1e-9));
    assertThat(hc1.get(4).se()).isNaN();
  }

  @Test
  void blocksOfPartsAddUpToTheBlocksOfTheWhole() {
    double[][] x = rows();
    double[][] first = java.util.Arrays.copyOfRange(x, 0, 4);
    double[][] second = java.util.Arrays.copyOfRange(x, 4, 10);
    OlsBlocks a = blocks(first, java.util.Arrays.copyOfRange(Y, 0, 4), TERMS);
    OlsBlocks b = blocks(second, java.util.Arrays.copyOfRange(Y, 4, 10), TERMS);

    Ols.Fit whole = Ols.fit(blocks(x, Y, TERMS));
    Ols.Fit combined = Ols.fit(a.plus(b));

    assertThat(combined.n()).isEqualTo(10);
    for (int i = 0; i < 3; i++) {
      assertThat(combined.beta()[i]).isCloseTo(whole.beta()[i], within(1e-12));
    }
    assertThat(combined.ssr()).isCloseTo(whole.ssr(), within(1e-9));
  }

  @Test
  void momentsCombineExactly() {
    Moments a = new Moments(3, 1 + 2 + 3, 1 + 4 + 9);
    Moments b = new Moments(2, 4 + 5, 16 + 25);
    Moments all = a.plus(b);
    assertThat(all.mean()).isEqualTo(3.0);
    assertThat(all.variance()).isCloseTo(2.5, within(1e-12));
    assertThat(all.sd()).isCloseTo(Math.sqrt(2.5), within(1e-12));
    assertThat(Moments.EMPTY.mean()).isNaN();
  }
}
