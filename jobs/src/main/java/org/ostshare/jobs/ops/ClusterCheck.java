package org.ostshare.jobs.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.error.Errors;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.Stage;

/**
 * Checks, before a quarterly run, that the deployment works end to end: the jar's code runs on the
 * executors (a function of this jar computes every row and records which executor ran it), a
 * shuffle works, and a Delta table can be written, read back and deleted under the warehouse root
 * with the configured storage credentials. Touches no student data.
 */
public final class ClusterCheck {
  /** Where the check writes, under the warehouse root. */
  public static final String TABLE = "_ops/cluster_check";

  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("bucket", DataTypes.IntegerType, false)
          .add("square", DataTypes.LongType, false)
          .add("executor_id", DataTypes.StringType, false);

  private ClusterCheck() {}

  /**
   * @param table where the table was written (deleted again unless kept)
   * @param rows rows written and read back
   * @param buckets distinct buckets seen after a shuffle (min(rows, 10))
   * @param executors executor ids that computed the rows ("driver" in local mode)
   */
  public record Result(
      String table,
      long rows,
      long buckets,
      long sumOfSquares,
      List<String> executors,
      boolean kept,
      Duration elapsed) {

    public String summary() {
      return String.format(
          "cluster check passed: %,d rows written to %s and read back, %d buckets after a shuffle,"
              + " computed by executor(s) %s; table %s (%s)",
          rows,
          table,
          buckets,
          String.join(", ", executors),
          kept ? "kept" : "deleted",
          Stage.format(elapsed));
    }
  }

  public static Result run(SparkSession spark, Settings settings, long rows, boolean keep) {
    long started = System.nanoTime();
    String path = Warehouse.of(settings).path(TABLE);
    int partitions = Math.max(2, spark.sparkContext().defaultParallelism());
    try (Stage s = Stage.start(spark, "cluster-check", "write " + path)) {
      Dataset<Row> computed =
          spark
              .range(0, rows, 1, partitions)
              .mapPartitions(
                  (MapPartitionsFunction<Long, Row>) ClusterCheck::compute, Encoders.row(SCHEMA));
      computed.write().format("delta").mode(SaveMode.Overwrite).save(path);
      s.done(rows + " rows");
    }
    Row totals;
    List<String> executors;
    try (Stage s = Stage.start(spark, "cluster-check", "read back")) {
      Dataset<Row> back = DeltaTables.read(spark, path);
      totals =
          back.groupBy(col("bucket"))
              .agg(count("*").as("n"), sum("square").as("squares"))
              .agg(sum("n"), countDistinct("bucket"), sum("squares"))
              .first();
      executors =
          back.select("executor_id")
              .distinct()
              .sort("executor_id")
              .as(Encoders.STRING())
              .collectAsList();
      s.done();
    }
    long readRows = totals.isNullAt(0) ? 0 : totals.getLong(0);
    long buckets = totals.getLong(1);
    long squares = totals.isNullAt(2) ? 0 : totals.getLong(2);
    long expectedSquares = sumOfSquares(rows);
    if (readRows != rows || squares != expectedSquares || buckets != Math.min(rows, 10)) {
      throw Errors.refused(
          "Cluster check failed: wrote "
              + rows
              + " rows to "
              + path
              + " but read back "
              + readRows
              + " rows, "
              + buckets
              + " buckets, sum of squares "
              + squares
              + " (expected "
              + expectedSquares
              + ").",
          "The storage or the executors lose or alter data.",
          "Check the executors' logs and the storage settings (docs/operations.md).");
    }
    if (!keep) {
      delete(spark, path);
    }
    return new Result(
        path,
        rows,
        buckets,
        squares,
        executors,
        keep,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Runs on the executors: proves this jar's code is shipped and records where it ran. */
  static java.util.Iterator<Row> compute(java.util.Iterator<Long> ids) {
    String executor = SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
    return new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Row next() {
        long id = ids.next();
        return RowFactory.create(id, (int) (id % 10), id * id, executor);
      }
    };
  }

  static long sumOfSquares(long n) {
    // 0^2 + ... + (n-1)^2
    return (n - 1) * n * (2 * n - 1) / 6;
  }

  private static void delete(SparkSession spark, String path) {
    Path p = new Path(path);
    try {
      p.getFileSystem(spark.sessionState().newHadoopConf()).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + path, e);
    }
  }
}
