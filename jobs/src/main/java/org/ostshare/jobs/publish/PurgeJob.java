package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.SharedDomain;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.Stage;

/**
 * {@code ostshare purge}: deliveries whose destroy-by date has passed are deleted for real: the
 * period's rows are deleted from every published table of the partner and the tables vacuumed with
 * zero retention (the data files are gone from storage, not only hidden), the delivery folder is
 * removed, and a destruction certificate (JSON and Markdown) records what was deleted and when. The
 * record of disclosures is kept: it is the district's legal record of who received what.
 */
public final class PurgeJob {
  private PurgeJob() {}

  /** One destroyed delivery. */
  public record Destroyed(
      String partner,
      String period,
      String agreement,
      LocalDate destroyBy,
      List<String> tables,
      boolean folderRemoved,
      String certificate) {}

  public record Result(LocalDate asOf, List<Destroyed> destroyed) {}

  public static Result run(SparkSession spark, Settings settings, LocalDate asOf) {
    Warehouse wh = Warehouse.of(settings);
    LocalDate on = asOf == null ? LocalDate.now() : asOf;
    List<Destroyed> out = new ArrayList<>();
    if (!DeltaTables.exists(spark, wh.deliveries())) {
      return new Result(on, List.of());
    }
    List<Row> due =
        DeltaTables.read(spark, wh.deliveries())
            .filter(col("status").equalTo("DELIVERED"))
            .filter(col("destroy_by").lt(lit(on)))
            .collectAsList();
    for (Row d : due) {
      String partner = d.getAs(Cols.PARTNER_ID);
      String period = d.getAs(Cols.PERIOD);
      try (Stage s = Stage.start(spark, "purge", partner + " " + period)) {
        List<String> tables = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SharedDomain sd : SharedDomain.values()) {
          names.add(sd.key());
        }
        names.add(PublishJob.REPORT_CARD_TABLE);
        for (String t : names) {
          String path = wh.published(partner, t);
          if (DeltaTables.exists(spark, path)
              && !DeltaTables.read(spark, path)
                  .filter(col(Cols.PERIOD).equalTo(period))
                  .isEmpty()) {
            tables.add(path);
          }
          PublishedTables.destroyPeriod(spark, path, period);
        }
        String folder = d.getAs("delivery_folder");
        boolean removed = folder != null && DeliveryFolder.remove(spark, folder);
        Instant now = Instant.now();
        Map<String, Object> cert = new LinkedHashMap<>();
        cert.put("certificate", "destruction of a partner delivery");
        cert.put("partner", partner);
        cert.put("period", period);
        cert.put("agreement", d.getAs("agreement_id") + " v" + d.getAs("agreement_version"));
        cert.put("basis", d.getAs("basis"));
        cert.put("destroy_by", String.valueOf((Object) d.getAs("destroy_by")));
        cert.put("destroyed_at", now.toString());
        cert.put("students", d.getAs("students"));
        cert.put("published_tables_deleted_and_vacuumed", tables);
        cert.put("delivery_folder_removed", removed ? folder : null);
        cert.put(
            "method",
            "Delta DELETE of the period, then VACUUM with zero retention: the data files are"
                + " removed from storage. The delivery folder was deleted recursively. The record"
                + " of disclosures is kept as required by 34 CFR 99.32.");
        String base =
            wh.destructionCertificates() + "/" + Warehouse.safe(partner) + "-" + period + "-" + on;
        DeliveryFolder.writeText(spark, base + ".json", DeliveryFolder.json(cert));
        DeliveryFolder.writeText(spark, base + ".md", markdown(cert));
        PublishJob.upsert(
            spark,
            wh,
            spark
                .createDataFrame(List.of(d), PublishJob.REGISTER)
                .withColumn("status", lit("DESTROYED"))
                .withColumn("note", lit("destroyed " + now))
                .withColumn("updated_at", lit(java.sql.Timestamp.from(now))));
        s.done(tables.size() + " tables, folder " + (removed ? "removed" : "absent"));
        out.add(
            new Destroyed(
                partner,
                period,
                (String) cert.get("agreement"),
                ((java.sql.Date) d.getAs("destroy_by")).toLocalDate(),
                List.copyOf(tables),
                removed,
                base + ".md"));
      }
    }
    return new Result(on, List.copyOf(out));
  }

  private static String markdown(Map<String, Object> cert) {
    StringBuilder b = new StringBuilder("# Certificate of destruction\n\n");
    cert.forEach(
        (k, v) ->
            b.append("- **").append(k.replace('_', ' ')).append("**: ").append(v).append("\n"));
    return b.toString();
  }
}
