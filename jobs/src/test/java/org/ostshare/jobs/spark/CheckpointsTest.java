package org.ostshare.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.RDDBlockId;
import org.junit.jupiter.api.Test;
import org.ostshare.common.test.TestSpark;
import scala.runtime.AbstractFunction1;

/** Kept rows are computed once, and released rows are gone when the release returns. */
class CheckpointsTest {

  @Test
  void keptRowsAreStoredAndAReleaseHasRemovedThemWhenItReturns() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> kept = Checkpoints.keep(spark.range(0, 1000, 1, 2).toDF());
    int rdd = ((LogicalRDD) kept.queryExecution().logical()).rdd().id();

    assertThat(kept.count()).isEqualTo(1000);
    assertThat(blocksOf(rdd)).as("one block per partition, kept").isEqualTo(2);

    Checkpoints.release(kept);
    assertThat(blocksOf(rdd)).as("blocks left once release returned").isZero();
  }

  @Test
  void keptRowsReleasesEveryStepItKeptOnClose() {
    SparkSession spark = TestSpark.get();
    int[] rdds = new int[2];
    try (KeptRows kept = new KeptRows()) {
      for (int i = 0; i < 2; i++) {
        Dataset<Row> step = kept.apply(spark.range(0, 10 * (i + 1), 1, 2).toDF());
        rdds[i] = ((LogicalRDD) step.queryExecution().logical()).rdd().id();
        assertThat(step.count()).isEqualTo(10L * (i + 1));
        assertThat(blocksOf(rdds[i])).as("step %d kept", i).isEqualTo(2);
      }
    }
    assertThat(blocksOf(rdds[0]) + blocksOf(rdds[1])).as("blocks left after close").isZero();
  }

  /** The blocks of an RDD that the executors hold now, asked of every executor. */
  private static int blocksOf(int rdd) {
    return SparkEnv.get().blockManager().master().getMatchingBlockIds(new OfRdd(rdd), true).size();
  }

  private static final class OfRdd extends AbstractFunction1<BlockId, Object>
      implements java.io.Serializable {
    private final int rdd;

    OfRdd(int rdd) {
      this.rdd = rdd;
    }

    @Override
    public Object apply(BlockId id) {
      return id instanceof RDDBlockId b && b.rddId() == rdd;
    }
  }
}
