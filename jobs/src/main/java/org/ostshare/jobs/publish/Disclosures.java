package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.publish.Delivery;
import org.ostshare.common.schema.Cols;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;

/**
 * The record of disclosures of one student (34 CFR 99.32): every party that received the student's
 * records, when, under which agreement and basis, and which fields. This prints one student's rows
 * on purpose: it answers a parent's request.
 */
public final class Disclosures {
  private Disclosures() {}

  public record Entry(
      String partner,
      String agreement,
      int version,
      String basis,
      String period,
      String disclosedAt,
      List<String> fields) {}

  public static List<Entry> forStudent(SparkSession spark, Settings settings, String studentId) {
    Warehouse wh = Warehouse.of(settings);
    if (!DeltaTables.exists(spark, wh.disclosures())) {
      return List.of();
    }
    List<Row> rows =
        DeltaTables.read(spark, wh.disclosures())
            .filter(col(Cols.STUDENT_ID).equalTo(studentId))
            .orderBy(col("disclosed_at"), col(Cols.PARTNER_ID))
            .collectAsList();
    return rows.stream()
        .map(
            r ->
                new Entry(
                    r.getAs(Cols.PARTNER_ID),
                    r.getAs(Delivery.AGREEMENT_ID),
                    r.<Integer>getAs(Delivery.AGREEMENT_VERSION),
                    r.getAs(Delivery.BASIS),
                    r.getAs(Cols.PERIOD),
                    String.valueOf((Object) r.getAs("disclosed_at")),
                    r.getList(r.fieldIndex(Delivery.FIELDS))))
        .toList();
  }
}
