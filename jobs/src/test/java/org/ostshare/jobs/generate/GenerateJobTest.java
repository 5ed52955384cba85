package org.ostshare.jobs.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.settings.GenerateSettings;

class GenerateJobTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static GenerateResult a;

  static GenerateSettings settings(Path out, int students, long seed, double rate) {
    return new GenerateSettings(
        out.toString(),
        students,
        seed,
        2025,
        LocalDate.parse("2025-12-19"),
        rate,
        0.10,
        0.03,
        0.0,
        0);
  }

  @BeforeAll
  static void generate() {
    spark = TestSpark.get();
    a = GenerateJob.run(spark, settings(tmp.resolve("a/input"), 300, 7, 0.03));
  }

  @Test
  void smoke() throws IOException {
    System.out.println(org.ostshare.jobs.cli.GenerateCommand.table(a));
    try (var s = Files.walk(tmp)) {
      s.forEach(p -> System.out.println(p));
    }
  }
}
