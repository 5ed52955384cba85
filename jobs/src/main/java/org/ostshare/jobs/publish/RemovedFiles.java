package org.ostshare.jobs.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;

/**
 * The data files a published table's commits removed, deleted from storage. Read from the commits
 * themselves (the Delta protocol's {@code _delta_log/NNNNNNNNNNNNNNNNNNNN.json}, one action per
 * line), so a replacement's old files are gone as soon as it is committed, without VACUUM: a vacuum
 * lists every file of the table and reconciles the listing with the table's state in about ten
 * Spark jobs and two commits of its own, which made a rerun of a quarter's publish 1.4 to 2 times
 * as slow as its first run (docs/benchmarks.md, item 31).
 *
 * <p>Every commit still in the log is read, not only the latest, so files that an interrupted run
 * committed as removed but did not delete are deleted by the next one. A file is deleted only when
 * its last action in the log is a removal; a file the log does not name (a write that failed before
 * its commit) is left to {@code ostshare purge}, which vacuums.
 */
final class RemovedFiles {
  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private RemovedFiles() {}

  /**
   * Deletes every data file of the table at {@code table} whose last action in the log is a
   * removal, and returns how many existed and were deleted.
   *
   * @throws OstshareException when the log cannot be read or a file cannot be deleted (the run then
   *     fails, and a rerun deletes what is left), or when the log uses what this reading does not
   *     handle (deletion vectors, change data), before any file is deleted
   */
  static int destroy(SparkSession spark, String table) {
    Path root = new Path(table);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path log = new Path(root, "_delta_log");
      FileStatus[] commits = fs.listStatus(log, p -> COMMIT.matcher(p.getName()).matches());
      Arrays.sort(commits, Comparator.comparing(c -> c.getPath().getName()));
      // path as the log writes it -> whether its last action is a removal
      Map<String, Boolean> removed = new LinkedHashMap<>();
      for (FileStatus commit : commits) {
        read(fs, commit.getPath(), removed);
      }
      Path qualifiedRoot = fs.makeQualified(root);
      List<Path> gone = new ArrayList<>();
      for (Map.Entry<String, Boolean> e : removed.entrySet()) {
        if (e.getValue()) {
          Path file = fs.makeQualified(resolve(root, e.getKey()));
          if (!isUnder(file, qualifiedRoot)) {
            throw unhandled(table, "a removed file outside the table: " + file);
          }
          gone.add(file);
        }
      }
      int deleted = 0;
      for (Path file : gone) {
        if (fs.delete(file, false)) {
          deleted++;
        }
      }
      return deleted;
    } catch (IOException e) {
      throw Errors.withCause(
          OstshareException.Kind.REFUSED,
          "Cannot delete the replaced files of " + table + ": " + e.getMessage(),
          "A replaced delivery's files must be gone from storage before the run reports success.",
          "Check the warehouse's permissions, then publish the period again.",
          e);
    }
  }

  private static void read(FileSystem fs, Path commit, Map<String, Boolean> removed)
      throws IOException {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode action = JSON.readTree(line);
        if (action.has("cdc")) {
          throw unhandled(commit.toString(), "change data files");
        }
        for (String kind : new String[] {"add", "remove"}) {
          JsonNode file = action.get(kind);
          if (file == null) {
            continue;
          }
          JsonNode dv = file.get("deletionVector");
          if (dv != null && !dv.isNull()) {
            throw unhandled(commit.toString(), "deletion vectors");
          }
          removed.put(file.get("path").asText(), kind.equals("remove"));
        }
      }
    }
  }

  /** A path from the log: a URI, relative to the table's root unless it is absolute. */
  private static Path resolve(Path root, String logged) {
    try {
      URI uri = new URI(logged);
      return uri.isAbsolute() ? new Path(uri) : new Path(root, new Path(uri));
    } catch (URISyntaxException e) {
      throw unhandled(root.toString(), "a file path that is not a URI: " + logged);
    }
  }

  private static boolean isUnder(Path file, Path root) {
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (p.equals(root)) {
        return true;
      }
    }
    return false;
  }

  private static OstshareException unhandled(String where, String what) {
    return Errors.refused(
        "The Delta log of " + where + " has " + what + ", which publish does not write.",
        "Replaced files are deleted by reading the log; what it cannot read, it does not delete.",
        "Find what else writes to the published tables and stop it, VACUUM the table with zero"
            + " retention (VACUUM delta.`<table>` RETAIN 0 HOURS), then publish again.");
  }
}
