package org.ostshare.jobs.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * Rows computed once and kept on the executors (memory, then disk) with their lineage cut. Later
 * plans start from the kept rows: they neither recompute nor re-plan what produced them, and their
 * plans stay small, which matters to a job that runs many small queries over the same inputs.
 *
 * <p>A local checkpoint lives in the executors' block managers: an executor lost mid-run loses its
 * blocks and the stage fails instead of recomputing them. Acceptable for a batch run that is rerun
 * whole; see docs/operations.md.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** Computes the rows now and keeps them. */
  public static Dataset<Row> keep(Dataset<Row> rows) {
    return rows.localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * Frees the blocks of kept rows now, instead of waiting for garbage collection, and waits until
   * they are gone. A release left running when a job ends is cut off by the session's stop, and the
   * executors then print their rejected removals as stack traces; cached Datasets are released the
   * same way ({@code unpersist(true)}).
   */
  public static void release(Dataset<Row> kept) {
    if (kept.queryExecution().logical() instanceof LogicalRDD rdd) {
      rdd.rdd().unpersist(true);
    }
  }
}
