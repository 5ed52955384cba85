package org.ostshare.jobs.testing;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;

/** Checks on what an ingest left in a warehouse, wherever it ran (cluster, S3). */
public final class IngestChecks {
  private IngestChecks() {}

  /**
   * For every domain of the period: the run row reconciles (read = accepted + quarantined), it was
   * committed, and the conformed table's slice has exactly the accepted rows.
   *
   * @return accepted rows per domain table name
   */
  public static Map<String, Long> assertReconciled(
      SparkSession spark, Warehouse warehouse, String period) {
    List<Row> runs =
        DeltaTables.read(spark, warehouse.ingestRuns())
            .where(col(Cols.PERIOD).equalTo(period))
            .select("domain", "read", "accepted", "quarantined", "committed")
            .collectAsList();
    assertThat(runs).hasSize(Domain.values().length);
    Map<String, Long> accepted = new TreeMap<>();
    for (Row r : runs) {
      String domain = r.getString(0);
      assertThat(r.getLong(1))
          .as(domain + ": read = accepted + quarantined")
          .isEqualTo(r.getLong(2) + r.getLong(3));
      assertThat(r.getBoolean(4)).as(domain + " committed").isTrue();
      Domain d = Domain.byTable(domain).orElseThrow();
      long conformed =
          DeltaTables.read(spark, warehouse.conformed(d))
              .where(col(Cols.PERIOD).equalTo(period))
              .count();
      assertThat(conformed).as(domain + " conformed rows").isEqualTo(r.getLong(2));
      accepted.put(domain, r.getLong(2));
    }
    assertThat(accepted.get(Domain.STUDENTS.table())).isPositive();
    // one row per student: nothing duplicated by a retried task or a rerun
    assertThat(
            DeltaTables.read(spark, warehouse.conformed(Domain.STUDENTS))
                .where(col(Cols.PERIOD).equalTo(period))
                .select(Cols.STUDENT_ID)
                .distinct()
                .count())
        .isEqualTo(accepted.get(Domain.STUDENTS.table()));
    return accepted;
  }
}
