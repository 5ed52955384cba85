package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.schema.Cols;
import org.ostshare.jobs.io.DeltaTables;

/**
 * Delta writes of published tables, built so that a student removed from a delivery leaves no trace
 * in the table's history:
 *
 * <ul>
 *   <li>tables are created without column statistics ({@code delta.dataSkippingNumIndexedCols =
 *       0}), so the transaction log holds file names, row counts and the period, never a value;
 *   <li>a period is replaced by one atomic {@code replaceWhere} commit, then the table is vacuumed
 *       with zero retention, which deletes the replaced files: time travel to the old version finds
 *       no data.
 * </ul>
 */
public final class PublishedTables {
  private static final String NO_STATS =
      "spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols";
  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  private PublishedTables() {}

  /** Replaces one period of a table with rows (creating the table on first write). */
  public static void replacePeriod(Dataset<Row> rows, String path, String period) {
    SparkSession spark = rows.sparkSession();
    Dataset<Row> slice = rows.withColumn(Cols.PERIOD, lit(period));
    if (!DeltaTables.exists(spark, path)) {
      String old = spark.conf().get(NO_STATS, null);
      spark.conf().set(NO_STATS, "0");
      try {
        slice.write().format("delta").mode(SaveMode.Overwrite).partitionBy(Cols.PERIOD).save(path);
      } finally {
        if (old == null) {
          spark.conf().unset(NO_STATS);
        } else {
          spark.conf().set(NO_STATS, old);
        }
      }
      return;
    }
    slice
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", Cols.PERIOD + " = '" + period.replace("'", "''") + "'")
        .option("mergeSchema", "true")
        .save(path);
  }

  /** Deletes one period of a table, if the table exists. */
  public static void deletePeriod(SparkSession spark, String path, String period) {
    if (DeltaTables.exists(spark, path)) {
      DeltaTable.forPath(spark, path).delete(col(Cols.PERIOD).equalTo(lit(period)));
    }
  }

  /** Deletes files no longer in the table's current version, at once (zero retention). */
  public static void vacuumNow(SparkSession spark, String path) {
    if (!DeltaTables.exists(spark, path)) {
      return;
    }
    String old = spark.conf().get(RETENTION_CHECK, null);
    spark.conf().set(RETENTION_CHECK, "false");
    try {
      DeltaTable.forPath(spark, path).vacuum(0.0);
    } finally {
      if (old == null) {
        spark.conf().unset(RETENTION_CHECK);
      } else {
        spark.conf().set(RETENTION_CHECK, old);
      }
    }
  }
}
