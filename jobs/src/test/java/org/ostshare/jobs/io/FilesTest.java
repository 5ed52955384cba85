package org.ostshare.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.test.TestSpark;

/** A Dataset becomes one CSV file: the header, then every partition's rows in order. */
class FilesTest {
  @TempDir Path dir;

  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("name", DataTypes.StringType)
          .add("note", DataTypes.StringType);

  @Test
  void partitionsAreJoinedInOrderUnderOneHeader() throws IOException {
    SparkSession spark = TestSpark.get();
    Dataset<Row> rows =
        spark
            .createDataFrame(
                List.of(
                    RowFactory.create(1, "Ada", null),
                    RowFactory.create(2, "O'Brien, Zoë", ""),
                    RowFactory.create(3, "Li", "a \"quote\""),
                    RowFactory.create(4, "Kim", "x")),
                SCHEMA)
            .orderBy("id");
    assertThat(rows.rdd().getNumPartitions()).isGreaterThan(1);
    Path file = dir.resolve("out.csv");

    Files.writeCsv(rows, file.toString());

    assertThat(java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8))
        .containsExactly(
            "id,name,note", "1,Ada,", "2,\"O'Brien, Zoë\",", "3,Li,\"a \\\"quote\\\"\"", "4,Kim,x");
    try (Stream<Path> left = java.nio.file.Files.list(dir)) {
      assertThat(left).as("no parts, checksums or temporary folder left").containsExactly(file);
    }
  }

  @Test
  void noRowsIsTheHeaderAloneAndReplacesAnEarlierFile() throws IOException {
    SparkSession spark = TestSpark.get();
    Path file = dir.resolve("empty.csv");
    java.nio.file.Files.writeString(file, "old,content\n1,2\n");
    java.nio.file.Files.writeString(dir.resolve(".empty.csv.crc"), "stale");

    Files.writeCsv(spark.createDataFrame(List.<Row>of(), SCHEMA), file.toString());

    assertThat(file).hasContent("id,name,note\n");
    assertThat(dir.resolve(".empty.csv.crc")).doesNotExist();
  }
}
