package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.schema.Domain;

/**
 * Writes the input layout: RFC 4180 CSV with a header line in every file, parts renamed to {@code
 * part-NNNNN.csv} (Spark's names carry a random job id, which would make two runs differ), Spark's
 * {@code _SUCCESS} and checksum files removed. Goes through Hadoop's FileSystem so that {@code
 * s3a://} outputs work too. Rows are hash-partitioned on the key and sorted within each file, so
 * the bytes depend only on the seed and the settings.
 */
final class CsvFiles {
  private static final Pattern PART = Pattern.compile("part-(\\d+)-.*");

  /**
   * Stands for a byte that is not valid UTF-8 in raw defect lines (a private-use character no
   * generated value contains); replaced by 0xE9 in the written file.
   */
  static final String LATIN1_MARKER = "\uE000";

  private static final byte[] MARKER_BYTES = LATIN1_MARKER.getBytes(StandardCharsets.UTF_8);
  private static final int LATIN1_E_ACUTE = 0xE9;

  private final SparkSession spark;

  CsvFiles(SparkSession spark) {
    this.spark = spark;
  }

  /** The canonical columns as text: dates yyyy-MM-dd, booleans true/false, numbers plain. */
  static Dataset<Row> text(Domain domain, Dataset<Row> typed) {
    return typed.select(
        domain.columnNames().stream().map(c -> col(c).cast("string").as(c)).toArray(Column[]::new));
  }

  void writeCsv(Domain domain, Dataset<Row> rows, String dir, int files) {
    Column[] key = domain.key().stream().map(c -> col(c)).toArray(Column[]::new);
    Column[] all = domain.columnNames().stream().map(c -> col(c)).toArray(Column[]::new);
    rows.repartition(files, key)
        .sortWithinPartitions(all)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .option("quote", "\"")
        .option("escape", "\"")
        .option("nullValue", "")
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .option("lineSep", "\n")
        .option("encoding", "UTF-8")
        .csv(dir);
    tidy(dir);
  }

  /**
   * Writes raw lines (already rendered) after a header line into one file {@code name} in {@code
   * dir}: one partition, the header sorted first.
   */
  void writeLines(String header, Dataset<Row> lines, String dir, String name) {
    String tmp = dir + "/_tmp_" + name;
    Dataset<Row> head = spark.range(1).select(lit(0).as("_o"), lit(header).as("value"));
    head.unionByName(lines.select(lit(1).as("_o"), col("value")))
        .coalesce(1)
        .sortWithinPartitions(col("_o"), col("value"))
        .select(col("value"))
        .write()
        .mode(SaveMode.Overwrite)
        .text(tmp);
    try {
      FileSystem fs = fs(tmp);
      for (FileStatus f : fs.listStatus(new Path(tmp))) {
        if (f.getPath().getName().startsWith("part-")) {
          unmark(fs, f.getPath(), new Path(dir, name));
        }
      }
      fs.delete(new Path(tmp), true);
      deleteChecksums(new Path(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a file, turning every marker into the raw latin-1 byte (streamed, any size). */
  private static void unmark(FileSystem fs, Path from, Path to) throws IOException {
    try (java.io.InputStream in = new java.io.BufferedInputStream(fs.open(from));
        OutputStream out = new java.io.BufferedOutputStream(fs.create(to, true))) {
      int matched = 0;
      int b;
      while ((b = in.read()) >= 0) {
        if ((byte) b == MARKER_BYTES[matched]) {
          matched++;
          if (matched == MARKER_BYTES.length) {
            out.write(LATIN1_E_ACUTE);
            matched = 0;
          }
          continue;
        }
        out.write(MARKER_BYTES, 0, matched); // a partial match was ordinary bytes
        matched = (byte) b == MARKER_BYTES[0] ? 1 : 0;
        if (matched == 0) {
          out.write(b);
        }
      }
      out.write(MARKER_BYTES, 0, matched);
    }
  }

  /** Writes a small single-partition CSV file at {@code file} (for the truth). */
  void writeSingleCsv(Dataset<Row> rows, String file) {
    String tmp = file + "._tmp";
    Column[] all = java.util.Arrays.stream(rows.columns()).map(c -> col(c)).toArray(Column[]::new);
    rows.coalesce(1)
        .sortWithinPartitions(all)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .option("escape", "\"")
        .option("nullValue", "")
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .option("lineSep", "\n")
        .csv(tmp);
    try {
      FileSystem fs = fs(tmp);
      fs.delete(new Path(file), false);
      for (FileStatus f : fs.listStatus(new Path(tmp))) {
        if (f.getPath().getName().startsWith("part-")) {
          fs.rename(f.getPath(), new Path(file));
        }
      }
      fs.delete(new Path(tmp), true);
      deleteChecksums(new Path(file).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeString(String file, String content) {
    try {
      FileSystem fs = fs(file);
      try (OutputStream out = fs.create(new Path(file), true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      deleteChecksums(new Path(file).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes folders before a run, so a rerun leaves no stale part files behind. */
  void delete(List<String> paths) {
    try {
      for (String p : paths) {
        fs(p).delete(new Path(p), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void tidy(String dir) {
    try {
      FileSystem fs = fs(dir);
      for (FileStatus f : fs.listStatus(new Path(dir))) {
        Matcher m = PART.matcher(f.getPath().getName());
        if (m.matches() && f.getPath().getName().endsWith(".csv")) {
          fs.rename(f.getPath(), new Path(dir, "part-" + m.group(1) + ".csv"));
        }
      }
      fs.delete(new Path(dir, "_SUCCESS"), false);
      deleteChecksums(new Path(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteChecksums(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem checksummed) {
      fs = checksummed.getRawFileSystem(); // the checksummed view hides .crc files from listings
    }
    for (FileStatus f : fs.listStatus(dir)) {
      String n = f.getPath().getName();
      if (n.endsWith(".crc") || n.equals("_SUCCESS")) {
        fs.delete(f.getPath(), false);
      }
    }
  }

  private FileSystem fs(String path) throws IOException {
    return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
