package org.ostshare.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.test.TestSpark;

/** A step's closing line says whether it reached its end. */
class StageTest {
  private final SparkSession spark = TestSpark.get();

  @Test
  void aStepThatReachedItsEndIsDoneWithItsResult() {
    try (Stage s = Stage.start(spark, "ingest", "students")) {
      s.done("20,000 accepted");
      assertThat(s.closingLine())
          .matches("ingest: students done: 20,000 accepted \\(\\d+\\.\\d s\\)");
    }
  }

  @Test
  void aStepWithoutAResultIsDone() {
    try (Stage s = Stage.start(spark, "ingest", "write quarantine")) {
      s.done();
      assertThat(s.closingLine()).matches("ingest: write quarantine done \\(\\d+\\.\\d s\\)");
    }
  }

  @Test
  void aStepLeftByAFailureOrACancelIsStoppedNotDone() {
    try (Stage s = Stage.start(spark, "ingest", "attendance")) {
      assertThat(s.closingLine()).matches("ingest: attendance stopped \\(\\d+\\.\\d s\\)");
    }
  }

  @Test
  void theStepLabelsTheSparkJobsRunInItsThreadUntilItCloses() {
    try (Stage s = Stage.start(spark, "ingest", "grades")) {
      s.done();
      assertThat(spark.sparkContext().getLocalProperty("spark.job.description"))
          .isEqualTo("ingest: grades");
    }
    assertThat(spark.sparkContext().getLocalProperty("spark.job.description")).isNull();
  }
}
