package org.ostshare.common.summer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.stats.Ols;
import org.ostshare.common.stats.OlsBlocks;
import org.ostshare.common.test.TestSpark;

/** Three districts' sufficient statistics, added up, equal those of the union of their rows. */
class SummerCombinationTest {
  static final double REL = 1e-9;

  @Test
  void threeDistrictsCombineToTheirUnion() {
    SparkSession spark = TestSpark.get();
    List<Dataset<Row>> districts =
        List.of(
            SyntheticCohort.frame(spark, "a", 600, 1, 0.10, 0.03),
            SyntheticCohort.frame(spark, "b", 900, 2, 0.10, 0.03),
            SyntheticCohort.frame(spark, "c", 500, 3, 0.10, 0.03));
    Design design = Design.byDays();

    List<Cell> cells = new ArrayList<>();
    Map<String, OlsBlocks> blocks = new HashMap<>();
    Dataset<Row> union = null;
    for (Dataset<Row> d : districts) {
      cells.addAll(Cells.fromRows(Cells.aggregate(d).collectAsList()));
      DistributedOls.blocks(design.apply(d), Cols.SUBJECT, design.terms(), Design.Y)
          .forEach((s, b) -> blocks.merge(s, b, OlsBlocks::plus));
      union = union == null ? d : union.unionByName(d);
    }
    List<Cell> combined = Cells.withMargins(Cells.combine(cells));
    List<Cell> direct = Cells.withMargins(Cells.fromRows(Cells.aggregate(union).collectAsList()));
    Map<String, OlsBlocks> unionBlocks =
        DistributedOls.blocks(design.apply(union), Cols.SUBJECT, design.terms(), Design.Y);

    Map<Cell.Key, CellStats> byKey = new HashMap<>();
    direct.forEach(c -> byKey.put(c.key(), c.stats()));
    assertThat(combined).hasSameSizeAs(direct);
    for (Cell c : combined) {
      CellStats u = byKey.get(c.key());
      assertThat(u).as("cell %s", c.key()).isNotNull();
      assertThat(c.stats().n()).isEqualTo(u.n());
      close(c.stats().spring().mean(), u.spring().mean());
      close(c.stats().fall().mean(), u.fall().mean());
      close(c.stats().change().mean(), u.change().mean());
      if (u.n() > 1) {
        close(c.stats().spring().sd(), u.spring().sd());
        close(c.stats().fall().sd(), u.fall().sd());
        close(c.stats().change().sd(), u.change().sd());
      }
      assertThat(c.stats().lost()).isEqualTo(u.lost());
      close(c.stats().shareOfGainLost(), u.shareOfGainLost());
    }
    for (String subject : SyntheticCohort.SUBJECTS) {
      Ols.Fit pooled = Ols.fit(blocks.get(subject));
      Ols.Fit onUnion = Ols.fit(unionBlocks.get(subject));
      assertThat(pooled.n()).isEqualTo(onUnion.n()).isEqualTo(2000);
      assertThat(pooled.kept()).containsExactly(onUnion.kept());
      for (int i = 0; i < pooled.beta().length; i++) {
        close(pooled.beta()[i], onUnion.beta()[i]);
      }
    }
  }

  static void close(double a, double b) {
    if (Double.isNaN(b)) {
      assertThat(a).isNaN();
      return;
    }
    assertThat(a).isCloseTo(b, within(REL * Math.max(1, Math.abs(b))));
  }
}
