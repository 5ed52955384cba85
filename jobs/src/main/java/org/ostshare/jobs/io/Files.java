package org.ostshare.jobs.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;

/**
 * Small files for people (CSV, HTML, JSON) written through Hadoop's file system, so a folder or an
 * s3a:// prefix works alike. Only aggregates and reports go through here as text; row-level CSV is
 * written by Spark and renamed.
 */
public final class Files {
  private Files() {}

  /** Writes a Dataset as one CSV file with a header (Spark writes it, then it is renamed). */
  public static void writeCsv(Dataset<Row> rows, String file) {
    String tmp = file + ".tmp-" + System.nanoTime();
    rows.coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", true)
        .option("emptyValue", "")
        .csv(tmp);
    try {
      FileSystem fs = fs(rows.sparkSession(), tmp);
      Path target = new Path(file);
      FileStatus[] parts = fs.globStatus(new Path(tmp, "part-*"));
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (parts.length == 1) {
        fs.rename(parts[0].getPath(), target);
      } else {
        writeText(rows.sparkSession(), file, String.join(",", rows.columns()) + "\n");
      }
      fs.delete(new Path(tmp), true);
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  public static void writeText(SparkSession spark, String file, String text) {
    try {
      FileSystem fs = fs(spark, file);
      try (OutputStream out = fs.create(new Path(file), true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  public static String readText(SparkSession spark, String file) {
    try {
      FileSystem fs = fs(spark, file);
      try (InputStream in = fs.open(new Path(file))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw Errors.withCause(
          OstshareException.Kind.INPUT,
          "Cannot read " + file + ": " + e.getMessage(),
          "The file is missing or unreadable.",
          "Check the path.",
          e);
    }
  }

  public static boolean exists(SparkSession spark, String file) {
    try {
      return fs(spark, file).exists(new Path(file));
    } catch (IOException e) {
      return false;
    }
  }

  private static FileSystem fs(SparkSession spark, String file) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    return new Path(file).getFileSystem(conf);
  }

  private static OstshareException failure(String file, IOException e) {
    return Errors.withCause(
        OstshareException.Kind.REFUSED,
        "Cannot write " + file + ": " + e.getMessage(),
        "The output location is not writable.",
        "Check the warehouse path and permissions.",
        e);
  }
}
