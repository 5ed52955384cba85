package org.ostshare.jobs.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
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
 * written by Spark and joined into one file.
 */
public final class Files {
  private Files() {}

  /**
   * Writes a Dataset as one CSV file with a header. Spark writes the rows as parts, one per
   * partition and side by side (a single writer took a city's research extract 11 s on one core);
   * the header and then the parts, in order, are copied into the file.
   */
  public static void writeCsv(Dataset<Row> rows, String file) {
    String tmp = file + ".tmp-" + System.nanoTime();
    rows.write().mode(SaveMode.Overwrite).option("header", false).option("emptyValue", "").csv(tmp);
    try (FileSystem fs = plain(rows.sparkSession(), file)) {
      FileStatus[] parts = fs.globStatus(new Path(tmp, "part-*"));
      Arrays.sort(parts, Comparator.comparing((FileStatus p) -> p.getPath().getName()));
      Path target = new Path(file);
      // a checksum left by an earlier version's rename would no longer match the file
      fs.delete(new Path(target.getParent(), "." + target.getName() + ".crc"), false);
      try (OutputStream out = fs.create(target, true)) {
        out.write((String.join(",", rows.columns()) + "\n").getBytes(StandardCharsets.UTF_8));
        for (FileStatus part : parts) {
          try (InputStream in = fs.open(part.getPath())) {
            in.transferTo(out);
          }
        }
      }
      fs.delete(new Path(tmp), true);
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  public static void writeText(SparkSession spark, String file, String text) {
    try (FileSystem fs = plain(spark, file)) {
      try (OutputStream out = fs.create(new Path(file), true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  public static String readText(SparkSession spark, String file) {
    try (FileSystem fs = plain(spark, file)) {
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

  /**
   * A private file-system instance without Hadoop's side-car .crc files: these files are for
   * people, who may open and edit them (a stale checksum would then make them unreadable).
   */
  private static FileSystem plain(SparkSession spark, String file) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = FileSystem.newInstance(new Path(file).toUri(), conf);
    fs.setWriteChecksum(false);
    fs.setVerifyChecksum(false);
    return fs;
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
