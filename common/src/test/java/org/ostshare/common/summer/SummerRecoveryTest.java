package org.ostshare.common.summer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ostshare.common.test.TestSpark;

/**
 * On a cohort with a planted +0.10 SD effect for high attenders, where enrolment and attendance
 * depend on prior score and income, the adjusted estimate recovers the effect and the naive gap
 * does not.
 */
class SummerRecoveryTest {
  static List<Effects.GroupEffect> effects;

  @BeforeAll
  static void analyse() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> frame = SyntheticCohort.frame(spark, "d1", 4000, 11, 0.10, 0.03);
    List<Cell> cells = Cells.fromRows(Cells.aggregate(frame).collectAsList());
    Map<String, Effects.Model> models = Effects.fit(frame, Design.byDays(), Cell.DAYS);
    effects =
        models.values().stream().flatMap(m -> Effects.groupEffects(m, cells).stream()).toList();
  }

  static Effects.GroupEffect high(String subject) {
    return effects.stream()
        .filter(e -> e.subject().equals(subject) && e.group().equals("HIGH"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void adjustedEstimateCoversThePlantedEffect() {
    for (String subject : SyntheticCohort.SUBJECTS) {
      Effects.GroupEffect high = high(subject);
      assertThat(high.n()).isGreaterThan(200);
      assertThat(high.sdFall()).isBetween(16.0, 18.5);
      assertThat(high.clusterSd().covers(0.10))
          .as("%s cluster %s", subject, high.clusterSd())
          .isTrue();
      assertThat(high.hc1Sd().covers(0.10)).as("%s HC1 %s", subject, high.hc1Sd()).isTrue();
      assertThat(high.clusterSd().upper() - high.clusterSd().lower()).isLessThan(0.25);
    }
  }

  @Test
  void naiveGapIsVisiblyBiased() {
    for (String subject : SyntheticCohort.SUBJECTS) {
      Effects.GroupEffect high = high(subject);
      // high attenders were weaker in spring: comparing fall scores makes the programme look
      // harmful
      assertThat(high.naiveGapSd()).as(subject).isLessThan(0.10 - 0.25);
      assertThat(high.clusterSd().covers(high.naiveGapSd())).isFalse();
    }
  }
}
