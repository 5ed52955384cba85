package org.ostshare.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Inverse-variance and DerSimonian-Laird pooling against hand-computed values. */
class MetaAnalysisTest {
  final List<MetaAnalysis.Study> studies =
      List.of(
          new MetaAnalysis.Study("a", 0.10, 0.05),
          new MetaAnalysis.Study("b", 0.30, 0.10),
          new MetaAnalysis.Study("c", 0.05, 0.04));

  @Test
  void fixedEffectWeighsByInverseVariance() {
    MetaAnalysis.Pooled fe = MetaAnalysis.fixedEffect(studies);
    // w = 400, 100, 625; Σw = 1125; Σwy = 40 + 30 + 31.25 = 101.25
    assertThat(fe.estimate()).isCloseTo(0.09, within(1e-12));
    assertThat(fe.se()).isCloseTo(Math.sqrt(1 / 1125.0), within(1e-12));
    assertThat(fe.q()).isCloseTo(5.45, within(1e-9));
    assertThat(fe.i2()).isCloseTo(0.6330275229357797, within(1e-9));
  }

  @Test
  void randomEffectsAddTheBetweenDistrictVariance() {
    MetaAnalysis.Pooled re = MetaAnalysis.randomEffects(studies);
    assertThat(re.tau2()).isCloseTo(0.005505319148936167, within(1e-12));
    assertThat(re.estimate()).isCloseTo(0.11775498281997306, within(1e-9));
    assertThat(re.se()).isCloseTo(0.05503563391103195, within(1e-9));
    assertThat(re.lower()).isCloseTo(re.estimate() - 1.959963984540054 * re.se(), within(1e-9));
  }

  @Test
  void homogeneousStudiesHaveNoBetweenVariance() {
    MetaAnalysis.Pooled re =
        MetaAnalysis.randomEffects(
            List.of(
                new MetaAnalysis.Study("a", 0.1, 0.05), new MetaAnalysis.Study("b", 0.1, 0.05)));
    assertThat(re.tau2()).isZero();
    assertThat(re.estimate()).isCloseTo(0.1, within(1e-12));
  }
}
