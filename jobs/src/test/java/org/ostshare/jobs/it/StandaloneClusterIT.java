package org.ostshare.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.ops.ClusterCheck;
import org.ostshare.jobs.testing.IngestChecks;
import org.ostshare.jobs.testing.OstshareProcess;
import org.ostshare.jobs.testing.SparkStandaloneCluster;

/**
 * The shaded jar on a real Spark standalone cluster (master, worker and executors in their own
 * JVMs), submitted with spark-submit in client mode: nothing may depend on local mode (driver-side
 * state that executors need, local file APIs on table data, closures that do not serialise).
 */
@Tag("integration")
class StandaloneClusterIT {
  @RegisterExtension
  static final SparkStandaloneCluster CLUSTER = new SparkStandaloneCluster(2, "2g");

  @Test
  void theJarRunsOnTheClustersExecutors(@TempDir Path dir) {
    String warehouse = dir.resolve("warehouse").toString();

    OstshareProcess.Result run =
        CLUSTER.submit(
            dir,
            Map.of(),
            List.of(),
            List.of(
                "cluster-check",
                "--rows",
                "5000",
                "--keep",
                "--warehouse",
                warehouse,
                "--set",
                "ostshare.spark.shuffle-partitions=4"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            "cluster check passed: 5,000 rows written to " + warehouse + "/_ops/cluster_check");
    SparkSession spark = TestSpark.get();
    Dataset<Row> table = spark.read().format("delta").load(warehouse + "/" + ClusterCheck.TABLE);
    assertThat(table.count()).isEqualTo(5000);
    assertThat(table.agg(org.apache.spark.sql.functions.sum("id")).first().getLong(0))
        .isEqualTo(5000L * 4999 / 2);
    // computed by the worker's executor, not by the driver
    List<String> executors =
        table.select("executor_id").distinct().as(Encoders.STRING()).collectAsList();
    assertThat(executors).isNotEmpty().doesNotContain("driver", "unknown");
  }

  @Test
  @Tag("pipeline") // skipped with -Dit.excluded.groups=pipeline (see jobs/pom.xml)
  void theDemoPipelineRunsOnTheCluster(@TempDir Path dir) {
    String warehouse = dir.resolve("warehouse").toString();
    String input = dir.resolve("input").toString();
    String agreements = Path.of("../conf/agreements").toAbsolutePath().normalize().toString();

    OstshareProcess.Result run =
        CLUSTER.submit(
            dir,
            Map.of(),
            List.of(),
            List.of(
                "demo",
                "--students",
                "150",
                "--warehouse",
                warehouse,
                "--set",
                "ostshare.generate.output=\"" + input + "\"",
                "--set",
                "ostshare.publish.agreements=\"" + agreements + "\"",
                "--set",
                "ostshare.spark.shuffle-partitions=4"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("Demo finished in");
    SparkSession spark = TestSpark.get();
    Warehouse wh = new Warehouse(warehouse);
    IngestChecks.assertReconciled(spark, wh, "2025-Q4");
    IngestChecks.assertReconciled(spark, new Warehouse(warehouse + "-district-b"), "2025-Q4");
    // every delivery in the register is in the partner's published table, student for student
    List<Row> deliveries =
        DeltaTables.read(spark, wh.deliveries())
            .where(col("students").gt(0))
            .select(Cols.PARTNER_ID, "students")
            .collectAsList();
    assertThat(deliveries).isNotEmpty();
    for (Row d : deliveries) {
      long published =
          DeltaTables.read(spark, wh.published(d.getString(0), "student"))
              .where(col(Cols.PERIOD).equalTo("2025-Q4"))
              .count();
      assertThat(published).as(d.getString(0) + " students published").isEqualTo(d.getLong(1));
    }
  }
}
