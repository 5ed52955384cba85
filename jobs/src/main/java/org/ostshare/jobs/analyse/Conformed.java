package org.ostshare.jobs.analyse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.spark.Parallel;

/** Reads one period's slice of a conformed table: the given period, or the latest present. */
final class Conformed {
  private Conformed() {}

  /**
   * The slices of several tables, looked up at the same time: finding a table's latest period is a
   * small Spark job of its own, and one after the other they leave the cores idle.
   */
  static Map<Domain, Dataset<Row>> read(
      SparkSession spark, Warehouse warehouse, List<Domain> domains, Optional<String> period) {
    List<Dataset<Row>> slices =
        Parallel.map(
            spark, domains, domains.size(), "conformed", d -> read(spark, warehouse, d, period));
    Map<Domain, Dataset<Row>> byDomain = new EnumMap<>(Domain.class);
    for (int i = 0; i < domains.size(); i++) {
      byDomain.put(domains.get(i), slices.get(i));
    }
    return byDomain;
  }

  private static Dataset<Row> read(
      SparkSession spark, Warehouse warehouse, Domain domain, Optional<String> period) {
    String path = warehouse.conformed(domain);
    if (!DeltaTables.exists(spark, path)) {
      throw Errors.input(
          "The conformed table '" + domain.table() + "' does not exist at " + path + ".",
          "The summer-learning analysis reads the district's conformed tables.",
          "Run 'ostshare ingest' for the period first (or 'ostshare demo').");
    }
    Dataset<Row> table = DeltaTables.read(spark, path);
    String slice =
        period.orElseGet(
            () -> {
              Row latest = table.agg(max(Cols.PERIOD)).first();
              return latest.isNullAt(0) ? null : latest.getString(0);
            });
    if (slice == null) {
      throw Errors.input(
          "The conformed table '" + domain.table() + "' is empty.",
          "There is nothing to analyse.",
          "Ingest the district's data first.");
    }
    return table.filter(col(Cols.PERIOD).equalTo(slice)).drop(Cols.PERIOD);
  }
}
