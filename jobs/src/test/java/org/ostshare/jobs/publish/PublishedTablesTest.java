package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.io.DeltaTables;

/**
 * A replaced or deleted period leaves none of its old data files on storage, whatever version of
 * the table names them, and other periods keep theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedTablesTest {
  private static final StructType SCHEMA =
      new StructType().add("student_id", DataTypes.StringType).add("days", DataTypes.IntegerType);

  @TempDir Path tmp;
  private SparkSession spark;

  @BeforeAll
  void spark() {
    spark = TestSpark.get();
  }

  private Dataset<Row> rows(String... ids) {
    return spark.createDataFrame(
        Arrays.stream(ids).map(id -> RowFactory.create(id, id.length())).toList(), SCHEMA);
  }

  /** A replacement of a period committed by Delta alone: its replaced files stay on storage. */
  private void commitReplacement(String table, String period, String... ids) {
    rows(ids)
        .withColumn("period", lit(period))
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", "period = '" + period + "'")
        .save(table);
  }

  /** The data files on storage under a period's folder, as absolute paths. */
  private static Set<String> filesOnStorage(String table, String period) throws IOException {
    Path dir = Path.of(table, "period=" + period);
    if (!Files.exists(dir)) {
      return Set.of();
    }
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .map(p -> p.toAbsolutePath().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The data files the table's current version reads for a period. */
  private Set<String> filesOfCurrentVersion(String table, String period) {
    return Arrays.stream(
            DeltaTables.read(spark, table).filter("period = '" + period + "'").inputFiles())
        .map(f -> Path.of(java.net.URI.create(f)).toString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every id in every data file left on storage under a period, whatever version names it. */
  private List<String> idsOnStorage(String table, String period) {
    return spark
        .read()
        .parquet(table + "/period=" + period)
        .select("student_id")
        .orderBy("student_id")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  @Test
  void aReplacementLeavesOnStorageOnlyTheFilesOfTheCurrentVersion() throws IOException {
    String table = tmp.resolve("replace").toString();
    PublishedTables.replacePeriod(rows("S1", "S2"), table, "2025-Q3");
    PublishedTables.replacePeriod(rows("S7"), table, "2025-Q4");
    Set<String> otherPeriod = filesOnStorage(table, "2025-Q4");

    PublishedTables.replacePeriod(rows("S1"), table, "2025-Q3");

    assertThat(filesOnStorage(table, "2025-Q3"))
        .isNotEmpty()
        .isEqualTo(filesOfCurrentVersion(table, "2025-Q3"));
    assertThat(idsOnStorage(table, "2025-Q3")).containsExactly("S1");
    assertThat(filesOnStorage(table, "2025-Q4")).isEqualTo(otherPeriod);
    assertThat(idsOnStorage(table, "2025-Q4")).containsExactly("S7");
  }

  @Test
  void filesThatAnInterruptedRunCommittedAsRemovedAreDeletedByTheNextRun() throws IOException {
    String table = tmp.resolve("interrupted").toString();
    PublishedTables.replacePeriod(rows("S1", "S2"), table, "2025-Q3");
    // a run that committed its replacement and stopped before deleting the replaced files
    commitReplacement(table, "2025-Q3", "S2", "S3");
    assertThat(idsOnStorage(table, "2025-Q3")).containsExactly("S1", "S2", "S2", "S3");

    PublishedTables.replacePeriod(rows("S3"), table, "2025-Q3");

    assertThat(filesOnStorage(table, "2025-Q3")).isEqualTo(filesOfCurrentVersion(table, "2025-Q3"));
    assertThat(idsOnStorage(table, "2025-Q3")).containsExactly("S3");
  }

  @Test
  void aDeletedPeriodLeavesNoneOfItsFilesAndOtherPeriodsKeepTheirs() throws IOException {
    String table = tmp.resolve("delete").toString();
    PublishedTables.replacePeriod(rows("S1"), table, "2025-Q3");
    PublishedTables.replacePeriod(rows("S7"), table, "2025-Q4");
    Set<String> otherPeriod = filesOnStorage(table, "2025-Q4");

    PublishedTables.deletePeriod(spark, table, "2025-Q3");

    assertThat(filesOnStorage(table, "2025-Q3")).isEmpty();
    assertThat(DeltaTables.read(spark, table).filter("period = '2025-Q3'").count()).isZero();
    assertThat(filesOnStorage(table, "2025-Q4")).isEqualTo(otherPeriod);
  }

  @Test
  void destroyingAPeriodAlsoDeletesFilesTheLogNeverNamed() throws IOException {
    String table = tmp.resolve("destroy").toString();
    PublishedTables.replacePeriod(rows("S1"), table, "2025-Q3");
    PublishedTables.replacePeriod(rows("S7"), table, "2025-Q4");
    // a write that failed before its commit left a data file the log does not name
    Path stray = Path.of(table, "period=2025-Q3", "part-stray.snappy.parquet");
    Files.copy(Path.of(filesOnStorage(table, "2025-Q3").iterator().next()), stray);

    PublishedTables.deletePeriod(spark, table, "2025-Q3");
    assertThat(filesOnStorage(table, "2025-Q3"))
        .as("publish deletes only what the log removed")
        .containsExactly(stray.toString());

    PublishedTables.destroyPeriod(spark, table, "2025-Q3");
    assertThat(filesOnStorage(table, "2025-Q3")).as("purge vacuums").isEmpty();
    assertThat(idsOnStorage(table, "2025-Q4")).containsExactly("S7");
  }

  @Test
  void aLogWithDeletionVectorsIsRefusedBeforeAnyFileIsDeleted() throws IOException {
    String table = tmp.resolve("vectors").toString();
    rows("S1", "S2", "S3")
        .withColumn("period", lit("2025-Q3"))
        .coalesce(1)
        .write()
        .format("delta")
        .partitionBy("period")
        .option("delta.enableDeletionVectors", "true")
        .save(table);
    io.delta.tables.DeltaTable.forPath(spark, table).delete("student_id = 'S2'");
    commitReplacement(table, "2025-Q3", "S9");
    Set<String> before = filesOnStorage(table, "2025-Q3");

    assertThatThrownBy(() -> RemovedFiles.destroy(spark, table))
        .isInstanceOf(OstshareException.class)
        .hasMessageContaining("deletion vectors");
    assertThat(filesOnStorage(table, "2025-Q3")).isEqualTo(before).hasSize(2);
  }
}
