package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.settings.Settings;

/**
 * Step 2 of validation, keys, on opt-out rows (key: student, type, effective date): which rows are
 * copies (the first in the files' order is kept), which conflict, and which are left alone; that it
 * costs one shuffle and one sort; that rows without a key are spread over the tasks; and that rows
 * are numbered in the order of their files' lines.
 */
class KeyCheckTest {
  static final SparkSession SPARK = TestSpark.get();

  /**
   * Opt-out rows as step 1 leaves them. The line is the row's name here; the typed columns are what
   * the rules compare.
   */
  static Dataset<Row> checked() {
    return SPARK.sql(
        """
        SELECT kind AS _kind, file AS _file, line AS _line,
               student_id, opt_out_type, CAST(effective AS DATE) AS effective_date,
               CAST(revoked AS DATE) AS revoked_date,
               transform(codes, c -> named_struct('code', c, 'message', 'step 1')) AS _reasons,
               monotonically_increasing_id() AS _row
        FROM VALUES
          -- one row, alone with its key
          ('DATA', 'a.csv', 'alone', 'S1', 'ALL', '2025-01-05', NULL, array()),
          -- three copies, one written differently in the file: the first in file order is kept
          ('DATA', 'b.csv', 'copy kept', 'S2', 'DIRECTORY', '2025-01-05', NULL, array()),
          ('DATA', 'c.csv', 'copy 2', 'S2', 'DIRECTORY', '2025-01-05', NULL, array()),
          ('DATA', 'c.csv', 'copy 3 (1/5/2025)', 'S2', 'DIRECTORY', '2025-01-05', NULL, array()),
          -- within a file, the first line is kept, whatever its text
          ('DATA', 'd.csv', 'the first, 2025-01-05', 'S5', 'ALL', '2025-01-05', NULL, array()),
          ('DATA', 'd.csv', 'a later copy', 'S5', 'ALL', '2025-01-05', NULL, array()),
          -- same key, different values, one of them twice: all conflict, none is a copy
          ('DATA', 'a.csv', 'conflict open', 'S3', 'ALL', '2025-02-01', NULL, array()),
          ('DATA', 'a.csv', 'conflict open again', 'S3', 'ALL', '2025-02-01', NULL, array()),
          ('DATA', 'a.csv', 'conflict revoked', 'S3', 'ALL', '2025-02-01', '2025-03-01', array()),
          -- a row already quarantined by step 1 is compared with nothing
          ('DATA', 'a.csv', 'accepted', 'S4', 'ALL', '2025-02-01', NULL, array()),
          ('DATA', 'a.csv', 'bad date', 'S4', 'ALL', '2025-02-01', '2025-01-01',
            array('OUT_OF_ORDER')),
          ('DATA', 'a.csv', 'bad date again', 'S4', 'ALL', '2025-02-01', '2025-01-01',
            array('OUT_OF_ORDER')),
          -- same student and date, another type: another key
          ('DATA', 'a.csv', 'other type', 'S4', 'DIRECTORY', '2025-02-01', NULL, array()),
          -- headers and blank lines have no values
          ('HEADER', 'a.csv', 'header', NULL, NULL, NULL, NULL, array()),
          ('HEADER', 'b.csv', 'header b', NULL, NULL, NULL, NULL, array()),
          ('BLANK', 'a.csv', 'blank', NULL, NULL, NULL, NULL, array())
        AS t(kind, file, line, student_id, opt_out_type, effective, revoked, codes)
        """);
  }

  /** 0: the shuffle partitions; 5: the rows sorted in five parts, as a large domain's are. */
  @ParameterizedTest(name = "partitions {0}")
  @ValueSource(ints = {0, 5})
  void copiesAfterTheFirstAndEveryRowOfAConflictingKeyAreFlagged(int partitions) {
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    Validation.checkKeys(checked(), Domain.OPT_OUTS, partitions)
        .select(col(Validation.LINE), col(Validation.REASONS).getField("code"))
        .collectAsList()
        .forEach(r -> reasons.put(r.getString(0), r.getList(1)));
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("alone", List.of());
    expected.put("copy kept", List.of());
    expected.put("copy 2", List.of("DUPLICATE_ROW"));
    expected.put("copy 3 (1/5/2025)", List.of("DUPLICATE_ROW"));
    expected.put("the first, 2025-01-05", List.of());
    expected.put("a later copy", List.of("DUPLICATE_ROW"));
    expected.put("conflict open", List.of("CONFLICTING_KEY"));
    expected.put("conflict open again", List.of("CONFLICTING_KEY"));
    expected.put("conflict revoked", List.of("CONFLICTING_KEY"));
    expected.put("accepted", List.of());
    expected.put("bad date", List.of("OUT_OF_ORDER"));
    expected.put("bad date again", List.of("OUT_OF_ORDER"));
    expected.put("other type", List.of());
    expected.put("header", List.of());
    expected.put("header b", List.of());
    expected.put("blank", List.of());
    assertThat(reasons).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void theConflictMessageNamesTheKey() {
    List<String> messages =
        Validation.checkKeys(checked(), Domain.OPT_OUTS)
            .filter(col(Validation.LINE).equalTo("conflict revoked"))
            .select(col(Validation.REASONS).getField("message"))
            .first()
            .getList(0);
    assertThat(messages)
        .containsExactly(
            "another row has the same key (student_id 'S3', opt_out_type 'ALL', effective_date"
                + " '2025-02-01') with different values");
  }

  @Test
  void theCopyMessageSaysAnEarlierRowIsKept() {
    List<String> messages =
        Validation.checkKeys(checked(), Domain.OPT_OUTS)
            .filter(col(Validation.LINE).equalTo("a later copy"))
            .select(col(Validation.REASONS).getField("message"))
            .first()
            .getList(0);
    assertThat(messages).containsExactly("an exact copy of an earlier row, which is kept");
  }

  @Test
  void rowsThatDifferOnlyInWhichFieldIsEmptyConflict() {
    // the same date, once as the suspension and once as the expiry: not copies of one another
    Dataset<Row> partners =
        SPARK.sql(
            """
            SELECT 'DATA' AS _kind, 'p.csv' AS _file, line AS _line, 'P1' AS partner_id,
                   'Reads' AS partner_name, 'APPROVED' AS status,
                   CAST(NULL AS DATE) AS review_date, CAST(NULL AS DATE) AS board_approval_date,
                   CAST(suspended AS DATE) AS suspended_date, CAST(expiry AS DATE) AS expiry_date,
                   CAST(array() AS ARRAY<STRUCT<code: STRING, message: STRING>>) AS _reasons,
                   monotonically_increasing_id() AS _row
            FROM VALUES ('suspended', '2025-06-30', NULL), ('expires', NULL, '2025-06-30'),
                        ('expires again', NULL, '2025-06-30')
            AS t(line, suspended, expiry)
            """);
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    Validation.checkKeys(partners, Domain.PARTNERS)
        .select(col(Validation.LINE), col(Validation.REASONS).getField("code"))
        .collectAsList()
        .forEach(r -> reasons.put(r.getString(0), r.getList(1)));
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "suspended", List.of("CONFLICTING_KEY"),
                "expires", List.of("CONFLICTING_KEY"),
                "expires again", List.of("CONFLICTING_KEY")));
  }

  @Test
  void rowsAreShuffledAndSortedOnce() {
    Dataset<Row> rows = Validation.checkKeys(checked(), Domain.OPT_OUTS);
    rows.collectAsList();
    String plan = rows.queryExecution().executedPlan().toString();
    assertThat(count(plan, "Window \\[")).as(plan).isEqualTo(1);
    assertThat(count(plan, "Sort \\[")).as(plan).isEqualTo(1);
    assertThat(count(plan, "Exchange hashpartitioning")).as(plan).isEqualTo(1);
  }

  @Test
  void rowsSortedInGivenPartsAreStillShuffledAndSortedOnce() {
    Dataset<Row> rows = Validation.checkKeys(checked(), Domain.OPT_OUTS, 7);
    rows.collectAsList();
    String plan = rows.queryExecution().executedPlan().toString();
    assertThat(count(plan, "Window \\[")).as(plan).isEqualTo(1);
    assertThat(count(plan, "Sort \\[")).as(plan).isEqualTo(1);
    assertThat(count(plan, "Exchange hashpartitioning\\(_key_hash#\\d+L?, 7"))
        .as(plan)
        .isEqualTo(1);
    assertThat(count(plan, "Exchange")).as(plan).isEqualTo(1);
    assertThat(rows.rdd().getNumPartitions()).isEqualTo(7);
  }

  @Test
  void linesWithoutAKeyAreNotAllSentToOneTask() {
    // a file in the wrong format: every line malformed, so every key is empty
    Dataset<Row> malformed =
        SPARK
            .range(400)
            .selectExpr(
                "'DATA' AS _kind",
                "'a.csv' AS _file",
                "concat('x;y;z;', id) AS _line",
                "CAST(NULL AS STRING) AS student_id",
                "CAST(NULL AS STRING) AS opt_out_type",
                "CAST(NULL AS DATE) AS effective_date",
                "CAST(NULL AS DATE) AS revoked_date",
                "array(named_struct('code', 'MALFORMED_LINE', 'message', 'step 1')) AS _reasons",
                "id AS _row")
            .repartition(4)
            // computed, so that the optimiser cannot fold the constant rows into constant reasons
            .localCheckpoint();
    String coalesce = SPARK.conf().get("spark.sql.adaptive.coalescePartitions.enabled");
    // without this, adaptive execution would merge the test's tiny partitions into one
    SPARK.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "false");
    try {
      // the task that computed each row's reasons, which the key check decides
      Dataset<Row> checked =
          Validation.checkKeys(malformed, Domain.OPT_OUTS)
              .select(spark_partition_id().as("task"), size(col(Validation.REASONS)).as("n"))
              .cache();
      long tasks = Long.parseLong(SPARK.conf().get("spark.sql.shuffle.partitions"));
      assertThat(tasks).isGreaterThan(1);
      assertThat(checked.select("task").distinct().count()).isEqualTo(tasks);
      assertThat(checked.filter(col("n").equalTo(1)).count()).isEqualTo(400);
      checked.unpersist();
    } finally {
      SPARK.conf().set("spark.sql.adaptive.coalescePartitions.enabled", coalesce);
    }
  }

  /**
   * Rows are numbered as read, and the first of copies is the one with the lowest number in the
   * first file: the numbers must follow the order of each file's lines, however many tasks read it.
   */
  @ParameterizedTest(name = "{0}, splits of {1} bytes")
  @CsvSource({"STUDENTS, 134217728", "STUDENTS, 64", "CALENDAR, 64", "ATTENDANCE, 100"})
  void rowNumbersFollowEachFilesLines(Domain domain, long splitBytes, @TempDir Path dir)
      throws IOException {
    IngestFixture.writeDistrict(dir.resolve("input"));
    Settings settings =
        IngestFixture.settings(dir.resolve("input"), dir.resolve("warehouse"), 1.0, "");
    SourceFiles.Resolved source =
        SourceFiles.resolve(
            SPARK.sparkContext().hadoopConfiguration(),
            settings.input(),
            settings.ingest().source(domain),
            new ArrayList<>());
    String split = SPARK.conf().get("spark.sql.files.maxPartitionBytes");
    String open = SPARK.conf().get("spark.sql.files.openCostInBytes");
    SPARK.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(splitBytes));
    SPARK.conf().set("spark.sql.files.openCostInBytes", "1");
    try {
      Dataset<Row> lines = IngestJob.numberedLines(SPARK, source);
      Map<String, TreeMap<Long, String>> byFile = new TreeMap<>();
      for (Row r :
          lines.select(col(IngestJob.PATH), col(Validation.ROW), col("value")).collectAsList()) {
        byFile
            .computeIfAbsent(
                new org.apache.hadoop.fs.Path(r.getString(0)).toUri().getPath(),
                f -> new TreeMap<>())
            .put(r.getLong(1), r.getString(2));
      }
      assertThat(byFile).hasSize(source.files().size());
      for (Map.Entry<String, TreeMap<Long, String>> file : byFile.entrySet()) {
        // the text source's value is the line's bytes read as UTF-8, whatever the source's encoding
        String text =
            new String(Files.readAllBytes(Path.of(file.getKey())), StandardCharsets.UTF_8);
        assertThat(List.copyOf(file.getValue().values()))
            .as(file.getKey())
            .isEqualTo(List.of(text.split("\n")));
      }
      if (splitBytes < 1000) {
        assertThat(lines.rdd().getNumPartitions()).isGreaterThan(source.files().size());
      }
    } finally {
      SPARK.conf().set("spark.sql.files.maxPartitionBytes", split);
      SPARK.conf().set("spark.sql.files.openCostInBytes", open);
    }
  }

  /** A domain gets its own partitions only when its text needs more than the shuffle's. */
  @ParameterizedTest(name = "{0} bytes, {1} per partition, {2} shuffle partitions: {3}")
  @CsvSource({
    // small domains keep the shuffle partitions, left to Spark
    "0, 67108864, 2, 0",
    "67108864, 67108864, 2, 0",
    "134217728, 67108864, 2, 0",
    // one byte more needs a third partition
    "134217729, 67108864, 2, 3",
    // a city's attendance file, 1.3 GB: 20 partitions of 64 MiB on 2 cores, Spark's 32 on a cluster
    "1300000000, 67108864, 2, 20",
    "1300000000, 67108864, 32, 0",
    // never more than the shuffle partitions may be
    "1125899906842624, 1048576, 2, 100000"
  })
  void aLargeDomainIsSplitByTheSizeOfItsText(
      long textBytes, long partitionSize, int shuffle, int expected) {
    assertThat(IngestJob.keyCheckPartitions(textBytes, partitionSize, shuffle)).isEqualTo(expected);
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
