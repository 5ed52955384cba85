package org.ostshare.common.summer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.ostshare.common.stats.Coefficient;
import org.ostshare.common.stats.Ols;
import org.ostshare.common.test.TestSpark;

/**
 * The distributed passes give the textbook values of the ten-row example (see RegressionOlsTest).
 */
class RegressionDistributedTest {
  @Test
  void blocksAndMeatsComputedWhereTheRowsLive() {
    double[] x1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] d = {0, 1, 0, 1, 0, 1, 0, 1, 1, 0};
    double[] y = {2.1, 3.9, 6.2, 8.1, 9.8, 12.5, 13.9, 16.4, 18.7, 19.6};
    String[] school = {"a", "a", "a", "b", "b", "b", "c", "c", "c", "c"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create("M", school[i], 1.0, x1[i], d[i], y[i]));
      // a second model key whose rows must not leak into the first
      rows.add(RowFactory.create("R", school[i], 1.0, x1[i], 1 - d[i], -y[i]));
    }
    StructType schema =
        new StructType()
            .add("subject", DataTypes.StringType)
            .add("school_id", DataTypes.StringType)
            .add("intercept", DataTypes.DoubleType)
            .add("x", DataTypes.DoubleType)
            .add("d", DataTypes.DoubleType)
            .add("y", DataTypes.DoubleType);
    Dataset<Row> frame = TestSpark.get().createDataFrame(rows, schema).repartition(3);
    List<String> terms = List.of("intercept", "x", "d");

    Map<String, Ols.Fit> fits =
        Map.of("M", Ols.fit(DistributedOls.blocks(frame, "subject", terms, "y").get("M")));
    DistributedOls.Meats meats =
        DistributedOls.meats(frame, "subject", "school_id", terms, "y", fits).get("M");
    Ols.Fit fit = fits.get("M");

    assertThat(fit.n()).isEqualTo(10);
    assertThat(fit.beta()[2]).isCloseTo(0.3963235294117651, within(1e-9));
    List<Coefficient> hc1 = fit.hc1(meats.hc1());
    assertThat(hc1.get(2).se()).isCloseTo(0.19674798577420347, within(1e-9));
    assertThat(meats.cluster().clusters()).isEqualTo(3);
    List<Coefficient> cr1 = fit.cluster(meats.cluster().meat(), meats.cluster().clusters());
    assertThat(cr1.get(1).se()).isCloseTo(0.01045877572683778, within(1e-9));
    assertThat(cr1.get(2).se()).isCloseTo(0.33853294599910905, within(1e-9));
  }
}
