package org.ostshare.jobs.publish;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.publish.Delivery;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.SharedDomain;

/**
 * Writes one printable HTML report card per student, on the executors (each partition writes its
 * own cards through the Hadoop file system), and returns per file only its name, size and SHA-256
 * for the manifest: no student value comes back to the driver.
 */
final class CardWriter implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final StructType RESULT =
      new StructType()
          .add("file", DataTypes.StringType)
          .add("bytes", DataTypes.LongType)
          .add("sha256", DataTypes.StringType);

  private final Map<String, String> hadoop;
  private final String folder;
  private final String template;
  private final Map<String, String> meta;

  /**
   * @param hadoop the Hadoop configuration as plain entries (rebuilt on each executor)
   * @param folder where the cards go
   * @param template the mustache template text
   * @param meta partnerName, period, windowStart, windowEnd, agreement, basis, destroyBy, generated
   */
  CardWriter(Map<String, String> hadoop, String folder, String template, Map<String, String> meta) {
    this.hadoop = new HashMap<>(hadoop);
    this.folder = folder;
    this.template = template;
    this.meta = new HashMap<>(meta);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> cards) throws IOException {
    Configuration conf = new Configuration(false);
    hadoop.forEach(conf::set);
    Path dir = new Path(folder);
    FileSystem fs = DeliveryFolder.raw(dir.getFileSystem(conf));
    Mustache mustache =
        new DefaultMustacheFactory().compile(new StringReader(template), "report-card");
    List<Row> out = new ArrayList<>();
    while (cards.hasNext()) {
      Row card = cards.next();
      String id = card.getAs(Delivery.CARD_ID);
      StringWriter html = new StringWriter();
      mustache.execute(html, model(card, id)).flush();
      byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
      String name = "card-" + id + ".html";
      try (OutputStream o = fs.create(new Path(dir, name), true)) {
        o.write(bytes);
      }
      out.add(RowFactory.create("report-cards/" + name, (long) bytes.length, sha256(bytes)));
    }
    return out.iterator();
  }

  private Map<String, Object> model(Row card, String id) {
    Map<String, Object> m = new HashMap<>(meta);
    m.put("cardId", id);
    List<Map<String, Object>> sections = new ArrayList<>();
    for (String field : card.schema().fieldNames()) {
      if (field.equals(Delivery.CARD_ID)) {
        continue;
      }
      Object v = card.getAs(field);
      if (field.equals(SharedDomain.STUDENT.key())) {
        if (v instanceof Row student) {
          List<Map<String, String>> fields = new ArrayList<>();
          for (String f : student.schema().fieldNames()) {
            fields.add(Map.of("label", label(f), "value", text(student.getAs(f))));
          }
          m.put("student", Map.of("fields", fields));
        }
        continue;
      }
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("title", title(field));
      List<Row> rows = v == null ? List.of() : card.getList(card.fieldIndex(field));
      List<String> columns = new ArrayList<>();
      List<Map<String, Object>> tableRows = new ArrayList<>();
      for (Row r : rows) {
        // the student's id heads the card; sections do not repeat it
        String[] names = r.schema().fieldNames();
        if (columns.isEmpty()) {
          for (String f : names) {
            if (!f.equals(Cols.STUDENT_ID)) {
              columns.add(label(f));
            }
          }
        }
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) {
          if (!names[i].equals(Cols.STUDENT_ID)) {
            cells.add(text(r.get(i)));
          }
        }
        tableRows.add(Map.of("cells", cells));
      }
      section.put("columns", columns);
      section.put("rows", tableRows);
      section.put("empty", tableRows.isEmpty());
      sections.add(section);
    }
    m.put("sections", sections);
    return m;
  }

  static String title(String domain) {
    return switch (domain) {
      case "attendance" -> "Attendance";
      case "assessment" -> "Assessments: latest score and growth";
      case "marks" -> "Current marks";
      case "behaviour" -> "Behaviour";
      case "ost" -> "Participation in our programmes";
      default -> label(domain);
    };
  }

  static String label(String field) {
    String s = field.replace('_', ' ');
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  static String text(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e9
          ? String.valueOf(d.longValue())
          : String.format(Locale.ROOT, "%.2f", d);
    }
    if (v instanceof Boolean b) {
      return b ? "yes" : "no";
    }
    return v.toString();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
