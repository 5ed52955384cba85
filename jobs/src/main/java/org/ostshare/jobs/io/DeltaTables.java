package org.ostshare.jobs.io;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Delta writes the pipeline uses: each replaces one slice atomically, so a rerun is safe. */
public final class DeltaTables {
  /**
   * The table property that limits Delta's per-file column statistics; {@code 0} keeps only row
   * counts. Set on tables whose readers never filter on a column the files are sorted by, so the
   * statistics would only cost their computation at every write (and keep values in the log).
   */
  public static final String NO_COLUMN_STATS = "delta.dataSkippingNumIndexedCols";

  private DeltaTables() {}

  /**
   * Replaces the rows of one slice (e.g. {@code period = '2025-Q3'}) in a single Delta commit.
   * Other slices are untouched; readers see the old slice or the new one, never a mix. Creates the
   * table, partitioned by the slice column, on first write.
   */
  public static void replaceSlice(Dataset<Row> rows, String path, String column, String value) {
    SparkSession spark = rows.sparkSession();
    Dataset<Row> slice = rows.withColumn(column, functions.lit(value));
    if (!exists(spark, path)) {
      slice.write().format("delta").mode(SaveMode.Overwrite).partitionBy(column).save(path);
      return;
    }
    slice
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", column + " = '" + value.replace("'", "''") + "'")
        .save(path);
  }

  /**
   * Writes one slice into a table known to hold no rows of it (one its caller has just created): an
   * append, without the search for the slice's old files that a replacement makes.
   */
  public static void appendSlice(Dataset<Row> rows, String path, String column, String value) {
    append(rows.withColumn(column, functions.lit(value)), path);
  }

  /** Appends rows (append-only logs such as the record of disclosures). */
  public static void append(Dataset<Row> rows, String path) {
    rows.write().format("delta").mode(SaveMode.Append).save(path);
  }

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  public static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }
}
