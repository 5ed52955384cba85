package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.schema.Cols;
import org.ostshare.jobs.io.DeltaTables;

/**
 * Delta writes of published tables, built so that a student removed from a delivery leaves no trace
 * in the table's history:
 *
 * <ul>
 *   <li>tables are created without column statistics ({@code delta.dataSkippingNumIndexedCols = 0},
 *       a table property set when the table is created), so the transaction log holds file names,
 *       row counts and the period, never a value;
 *   <li>a period is replaced (or deleted) by one atomic commit, and the data files that commit
 *       removed are then deleted from storage ({@link RemovedFiles}): time travel to the old
 *       version finds no data.
 * </ul>
 *
 * <p>Safe to call from several threads for different tables: nothing here changes the session's
 * settings (vacuum's retention check, which {@link #destroyPeriod} needs, is off in every session
 * the pipeline starts).
 */
public final class PublishedTables {
  private PublishedTables() {}

  /**
   * Replaces one period of a table with rows (creating the table on first write), and deletes the
   * files the replacement removed.
   */
  public static void replacePeriod(Dataset<Row> rows, String path, String period) {
    SparkSession spark = rows.sparkSession();
    Dataset<Row> slice = rows.withColumn(Cols.PERIOD, lit(period));
    if (!DeltaTables.exists(spark, path)) {
      // created with its properties and first rows in one commit: the properties apply to that
      // commit's files, and a commit and a snapshot fewer than creating, then writing
      try {
        slice
            .writeTo("delta.`" + path.replace("`", "``") + "`")
            .using("delta")
            .partitionedBy(col(Cols.PERIOD))
            .tableProperty(DeltaTables.NO_COLUMN_STATS, "0")
            // a delete must remove whole files, which vacuum then destroys; never mark rows deleted
            .tableProperty("delta.enableDeletionVectors", "false")
            .create();
      } catch (TableAlreadyExistsException e) {
        throw Errors.withCause(
            OstshareException.Kind.REFUSED,
            "The published table " + path + " was created by someone else during this run.",
            "Two runs publishing to one warehouse at the same time would overwrite each other.",
            "Let the other run finish, then publish again.",
            e);
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
    RemovedFiles.destroy(spark, path);
  }

  /**
   * Deletes one period of a table, if the table exists, and the data files the deletion removed.
   */
  public static void deletePeriod(SparkSession spark, String path, String period) {
    if (DeltaTables.exists(spark, path)) {
      DeltaTable.forPath(spark, path).delete(col(Cols.PERIOD).equalTo(lit(period)));
      RemovedFiles.destroy(spark, path);
    }
  }

  /**
   * Deletes one period of a table, if the table exists, then vacuums it with zero retention: every
   * file the table's state does not hold is deleted, the deletion's own and also files of a write
   * that failed before its commit, which the log does not name. For the destruction that a
   * certificate attests ({@code ostshare purge}).
   */
  public static void destroyPeriod(SparkSession spark, String path, String period) {
    if (DeltaTables.exists(spark, path)) {
      DeltaTable table = DeltaTable.forPath(spark, path);
      table.delete(col(Cols.PERIOD).equalTo(lit(period)));
      table.vacuum(0.0);
    }
  }
}
