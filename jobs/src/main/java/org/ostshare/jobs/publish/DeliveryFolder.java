package org.ostshare.jobs.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.publish.Delivery;
import org.ostshare.common.schema.SharedDomain;

/**
 * The delivery folder for people, {@code <delivery-root>/<partner>/<period>/}: one CSV per domain,
 * {@code report-cards/card-NNNNNN.html} per student, and {@code manifest.json}. Built in a staging
 * folder next to it and swapped in at the end, so a rerun replaces the whole folder (students no
 * longer served disappear) and a failed run leaves the previous delivery as it was.
 */
final class DeliveryFolder {
  static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DeliveryFolder() {}

  /** One delivered file: path relative to the folder, rows (null for a card), size and SHA-256. */
  record FileEntry(String path, Long rows, long bytes, String sha256) {}

  /** The file system without local checksum side files (.crc), which are no part of a delivery. */
  static FileSystem raw(FileSystem fs) {
    return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  static String folder(String root, String partner, String period) {
    return root + "/" + org.ostshare.jobs.io.Warehouse.safe(partner) + "/" + period;
  }

  /**
   * Writes the folder and returns the files written (without the manifest). With {@code nobody}
   * delivered, every CSV is its header alone and there are no cards: written without a Spark job.
   */
  static List<FileEntry> write(
      SparkSession spark,
      Delivery.Plan plan,
      boolean nobody,
      String staging,
      String template,
      Map<String, String> meta) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<FileEntry> files = new ArrayList<>();
    try {
      FileSystem fs = new Path(staging).getFileSystem(conf);
      fs.delete(new Path(staging), true);
      fs.mkdirs(new Path(staging));
      for (Map.Entry<SharedDomain, Dataset<Row>> e : plan.datasets().entrySet()) {
        String name = e.getKey().key() + ".csv";
        long rows = 0;
        if (nobody) {
          writeHeader(fs, new Path(staging, name), e.getValue().columns());
        } else {
          rows = e.getValue().count();
          writeCsv(fs, e.getValue(), staging, name);
        }
        files.add(entry(fs, new Path(staging, name), name, rows));
      }
      if (!nobody && plan.reportCards().columns().length > 1) {
        Map<String, String> hadoop = new HashMap<>();
        conf.forEach(kv -> hadoop.put(kv.getKey(), kv.getValue()));
        String cards = staging + "/report-cards";
        fs.mkdirs(new Path(cards));
        List<Row> written =
            plan.reportCards()
                .mapPartitions(
                    new CardWriter(hadoop, cards, template, meta),
                    org.apache.spark.sql.Encoders.row(CardWriter.RESULT))
                .collectAsList();
        for (Row r : written) {
          files.add(new FileEntry(r.getString(0), null, r.getLong(1), r.getString(2)));
        }
      }
      files.sort((a, b) -> a.path().compareTo(b.path()));
      return files;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Writes the manifest into the staging folder, then swaps staging into place. */
  static void finish(
      SparkSession spark, String staging, String target, Map<String, Object> manifest) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      FileSystem fs = new Path(target).getFileSystem(conf);
      try (OutputStream o = raw(fs).create(new Path(staging, MANIFEST), true)) {
        o.write(JSON.writeValueAsBytes(manifest));
      }
      Path t = new Path(target);
      fs.mkdirs(t.getParent());
      fs.delete(t, true);
      if (!fs.rename(new Path(staging), t)) {
        throw new IOException("cannot rename " + staging + " to " + target);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Removes a delivery folder; true when there was one. */
  static boolean remove(SparkSession spark, String target) {
    try {
      Path t = new Path(target);
      FileSystem fs = t.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(t) && fs.delete(t, true);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static String stagingFor(String target) {
    Path t = new Path(target);
    return new Path(t.getParent(), ".staging-" + t.getName() + "-" + UUID.randomUUID()).toString();
  }

  static Map<String, Object> readManifest(SparkSession spark, String target) throws IOException {
    Path p = new Path(target, MANIFEST);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (InputStream in = fs.open(p)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(in, LinkedHashMap.class);
      return m;
    }
  }

  static void writeText(SparkSession spark, String path, String text) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(p.getParent());
      try (OutputStream o = raw(fs).create(p, true)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One CSV file with a header, written by Spark (one partition: a partner's rows are few). */
  private static void writeCsv(FileSystem fs, Dataset<Row> rows, String staging, String name)
      throws IOException {
    Path tmp = new Path(staging, "_tmp_" + name);
    rows.coalesce(1)
        .write()
        .option("header", "true")
        .option("dateFormat", "yyyy-MM-dd")
        .mode("overwrite")
        .csv(tmp.toString());
    Path part = null;
    for (FileStatus s : fs.listStatus(tmp)) {
      if (s.getPath().getName().startsWith("part-")) {
        part = s.getPath();
      }
    }
    Path target = new Path(staging, name);
    if (part == null || fs.getFileStatus(part).getLen() == 0) {
      writeHeader(fs, target, rows.columns());
    } else {
      fs.rename(part, target);
    }
    fs.delete(tmp, true);
    // Spark leaves checksum files next to local outputs; they are not part of the delivery
    Path crc = new Path(staging, "." + name + ".crc");
    if (fs.exists(crc)) {
      fs.delete(crc, false);
    }
  }

  /** A CSV of no rows: its header line, as Spark's writer would have begun it. */
  private static void writeHeader(FileSystem fs, Path target, String[] columns) throws IOException {
    try (OutputStream o = raw(fs).create(target, true)) {
      o.write((String.join(",", columns) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static FileEntry entry(FileSystem fs, Path file, String name, long rows)
      throws IOException {
    try (InputStream in = fs.open(file);
        DigestInputStream d = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[65536];
      long bytes = 0;
      for (int n; (n = d.read(buf)) > 0; ) {
        bytes += n;
      }
      return new FileEntry(
          name, rows, bytes, HexFormat.of().formatHex(d.getMessageDigest().digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
