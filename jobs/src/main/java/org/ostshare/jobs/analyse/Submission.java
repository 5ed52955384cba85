package org.ostshare.jobs.analyse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.stats.OlsBlocks;
import org.ostshare.common.summer.AttendanceCell;
import org.ostshare.common.summer.Cell;
import org.ostshare.common.summer.CellStats;
import org.ostshare.common.summer.SummerCols;
import org.ostshare.common.time.SchoolYear;
import org.ostshare.jobs.io.Files;

/**
 * A district's state submission (format {@value #FORMAT} version {@value #VERSION}), a folder of
 * four CSV files and a manifest, documented column by column in docs/summer-learning.md:
 *
 * <ul>
 *   <li>{@code manifest.json}: format, version, district, school year, the settings that change the
 *       numbers, the model's terms;
 *   <li>{@code cells.csv}: per subject × basis × subgroup × grade × group, additive sufficient
 *       statistics (n, Σx, Σx² of spring, fall, change, z-scores; counts and sums for the gain);
 *   <li>{@code regression.csv}: per subject and basis, X'X, X'y, y'y and n of the model (long
 *       format: row term, column term, value);
 *   <li>{@code estimates.csv}: the district's own group effects with school-clustered SEs, for
 *       pooling across districts;
 *   <li>{@code attendance.csv}: fall chronic-absence counts per grade × group.
 * </ul>
 *
 * Numbers are written with Java's shortest round-trip representation, so a reread value is the
 * written double exactly. The submission is a restricted disclosure to the state agency, not a
 * publication: its cells are not suppressed (exact pooling needs every cell); {@code aggregate}
 * suppresses what the state publishes.
 */
public record Submission(
    String districtId,
    int schoolYear,
    Config settings,
    List<String> terms,
    List<Cell> cells,
    Map<String, OlsBlocks> blocks,
    List<Estimate> estimates,
    List<AttendanceCell> attendance) {

  public static final String FORMAT = "ostshare-summer-submission";
  public static final int VERSION = 1;
  static final String Y = "y";
  static final String N = "n";

  /** A district's own estimate of one group effect (points of the fall score, and in SD). */
  public record Estimate(
      String subject,
      String basis,
      String group,
      long n,
      double estimate,
      double seCluster,
      double seHc1,
      long clusters,
      double sdFall) {}

  /** Key of a model in {@link #blocks}: subject and basis. */
  public static String modelKey(String subject, String basis) {
    return subject + "|" + basis;
  }

  public void write(SparkSession spark, String dir) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("format_version", VERSION);
    manifest.put("district_id", districtId);
    manifest.put("school_year", SchoolYear.label(schoolYear));
    manifest.put("settings", settings.root().unwrapped());
    manifest.put("model", Map.of("outcome", SummerCols.FALL_SCORE, "terms", terms));
    manifest.put(
        "files", List.of("cells.csv", "regression.csv", "estimates.csv", "attendance.csv"));
    String json =
        ConfigValueFactory.fromMap(manifest)
            .render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
    Files.writeText(spark, dir + "/manifest.json", json + "\n");

    List<String> cellHeader = new ArrayList<>(Cell.KEYS);
    cellHeader.addAll(CellStats.COLUMNS);
    List<List<Object>> cellRows = new ArrayList<>();
    for (Cell c : cells) {
      List<Object> r = new ArrayList<>(c.key().values());
      for (double v : c.stats().values()) {
        r.add(Double.toString(v));
      }
      cellRows.add(r);
    }
    Files.writeText(spark, dir + "/cells.csv", csv(cellHeader, cellRows));

    List<List<Object>> reg = new ArrayList<>();
    for (Map.Entry<String, OlsBlocks> e : new TreeMap<>(blocks).entrySet()) {
      String[] sb = e.getKey().split("\\|");
      OlsBlocks b = e.getValue();
      for (int i = 0; i < b.k(); i++) {
        for (int j = 0; j < b.k(); j++) {
          reg.add(List.of(sb[0], sb[1], b.terms().get(i), b.terms().get(j), d(b.xtx()[i][j])));
        }
        reg.add(List.of(sb[0], sb[1], b.terms().get(i), Y, d(b.xty()[i])));
      }
      reg.add(List.of(sb[0], sb[1], Y, Y, d(b.yty())));
      reg.add(List.of(sb[0], sb[1], N, N, Long.toString(b.n())));
    }
    Files.writeText(
        spark,
        dir + "/regression.csv",
        csv(List.of(Cols.SUBJECT, SummerCols.BASIS, "row", "col", "value"), reg));

    List<List<Object>> est = new ArrayList<>();
    for (Estimate e : estimates) {
      est.add(
          List.of(
              e.subject(),
              e.basis(),
              e.group(),
              Long.toString(e.n()),
              d(e.estimate()),
              d(e.seCluster()),
              d(e.seHc1()),
              Long.toString(e.clusters()),
              d(e.sdFall())));
    }
    Files.writeText(
        spark,
        dir + "/estimates.csv",
        csv(
            List.of(
                Cols.SUBJECT,
                SummerCols.BASIS,
                SummerCols.DOSAGE_GROUP,
                N,
                "estimate",
                "se_cluster",
                "se_hc1",
                "clusters",
                "sd_fall"),
            est));

    List<List<Object>> att = new ArrayList<>();
    for (AttendanceCell a : attendance) {
      att.add(List.of(a.grade(), a.group(), Long.toString(a.n()), Long.toString(a.chronic())));
    }
    Files.writeText(
        spark,
        dir + "/attendance.csv",
        csv(List.of(Cols.GRADE_LEVEL, SummerCols.DOSAGE_GROUP, N, "chronic"), att));
  }

  /** Reads a submission folder; format problems are input errors naming the folder. */
  public static Submission read(SparkSession spark, String dir) {
    if (!Files.exists(spark, dir + "/manifest.json")) {
      throw Errors.input(
          "Folder " + dir + " holds no manifest.json.",
          "A submission is a folder written by 'ostshare analyse' (reports/summer/<year>/submission).",
          "Pass the submission folders themselves to --submissions.");
    }
    Config m;
    try {
      m = ConfigFactory.parseString(Files.readText(spark, dir + "/manifest.json"));
      if (!FORMAT.equals(m.getString("format"))) {
        throw Errors.refused(
            "Submission " + dir + " is of format '" + m.getString("format") + "'.",
            "Only " + FORMAT + " submissions can be combined.",
            "Pass submissions written by 'ostshare analyse'.");
      }
      int version = m.getInt("format_version");
      if (version != VERSION) {
        throw Errors.refused(
            "Submission "
                + dir
                + " is format version "
                + version
                + "; this ostshare reads version "
                + VERSION
                + ".",
            "Different versions may define cells or terms differently; combining them would be"
                + " wrong.",
            "Ask the district to rerun 'ostshare analyse' with the same ostshare version.");
      }
      String district = m.getString("district_id");
      int year = SchoolYear.parse(m.getString("school_year"));
      Config settings = m.getConfig("settings");
      List<String> terms = m.getStringList("model.terms");

      List<Cell> cells = new ArrayList<>();
      for (CSVRecord r : parse(Files.readText(spark, dir + "/cells.csv"))) {
        double[] v = new double[CellStats.COLUMNS.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = Double.parseDouble(r.get(CellStats.COLUMNS.get(i)));
        }
        cells.add(
            new Cell(
                r.get(Cell.KEYS.get(0)),
                r.get(Cell.KEYS.get(1)),
                r.get(Cell.KEYS.get(2)),
                r.get(Cell.KEYS.get(3)),
                r.get(Cell.KEYS.get(4)),
                r.get(Cell.KEYS.get(5)),
                CellStats.of(v)));
      }

      Map<String, double[][]> xtx = new LinkedHashMap<>();
      Map<String, double[]> xty = new LinkedHashMap<>();
      Map<String, double[]> scalars = new LinkedHashMap<>();
      for (CSVRecord r : parse(Files.readText(spark, dir + "/regression.csv"))) {
        String key = modelKey(r.get(Cols.SUBJECT), r.get(SummerCols.BASIS));
        String row = r.get("row");
        String col = r.get("col");
        double v = Double.parseDouble(r.get("value"));
        int k = terms.size();
        double[][] a = xtx.computeIfAbsent(key, x -> new double[k][k]);
        double[] b = xty.computeIfAbsent(key, x -> new double[k]);
        double[] s = scalars.computeIfAbsent(key, x -> new double[2]);
        if (row.equals(Y) && col.equals(Y)) {
          s[0] = v;
        } else if (row.equals(N)) {
          s[1] = v;
        } else if (col.equals(Y)) {
          b[index(terms, row, dir)] = v;
        } else {
          a[index(terms, row, dir)][index(terms, col, dir)] = v;
        }
      }
      Map<String, OlsBlocks> blocks = new LinkedHashMap<>();
      for (String key : xtx.keySet()) {
        blocks.put(
            key,
            new OlsBlocks(
                terms,
                xtx.get(key),
                xty.get(key),
                scalars.get(key)[0],
                Math.round(scalars.get(key)[1])));
      }

      List<Estimate> estimates = new ArrayList<>();
      for (CSVRecord r : parse(Files.readText(spark, dir + "/estimates.csv"))) {
        estimates.add(
            new Estimate(
                r.get(Cols.SUBJECT),
                r.get(SummerCols.BASIS),
                r.get(SummerCols.DOSAGE_GROUP),
                Long.parseLong(r.get(N)),
                Double.parseDouble(r.get("estimate")),
                Double.parseDouble(r.get("se_cluster")),
                Double.parseDouble(r.get("se_hc1")),
                Long.parseLong(r.get("clusters")),
                Double.parseDouble(r.get("sd_fall"))));
      }
      List<AttendanceCell> att = new ArrayList<>();
      for (CSVRecord r : parse(Files.readText(spark, dir + "/attendance.csv"))) {
        att.add(
            new AttendanceCell(
                r.get(Cols.GRADE_LEVEL),
                r.get(SummerCols.DOSAGE_GROUP),
                Long.parseLong(r.get(N)),
                Long.parseLong(r.get("chronic"))));
      }
      return new Submission(district, year, settings, terms, cells, blocks, estimates, att);
    } catch (ConfigException | IllegalArgumentException e) {
      throw Errors.input(
          "Submission " + dir + " cannot be read: " + e.getMessage(),
          "Its files do not follow " + FORMAT + " version " + VERSION + ".",
          "Use the folder exactly as 'ostshare analyse' wrote it.");
    }
  }

  private static int index(List<String> terms, String term, String dir) {
    int i = terms.indexOf(term);
    if (i < 0) {
      throw new IllegalArgumentException("regression.csv names unknown term '" + term + "'");
    }
    return i;
  }

  private static String d(double v) {
    return Double.toString(v);
  }

  private static String csv(List<String> header, List<? extends List<?>> rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter p =
        CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(out)) {
      for (List<?> r : rows) {
        p.printRecord(r);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static List<CSVRecord> parse(String text) {
    try (CSVParser p =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(text))) {
      return p.getRecords();
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
