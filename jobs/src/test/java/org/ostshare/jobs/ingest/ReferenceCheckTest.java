package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;

/**
 * Step 3 of validation, references: the same rows are flagged whether the referenced keys are
 * broadcast or joined by shuffling; and with few keys the referring rows are not shuffled at all.
 */
class ReferenceCheckTest {
  static final SparkSession SPARK = TestSpark.get();

  /** Enrolment rows as step 2 leaves them: the reference columns and no reason yet. */
  static Dataset<Row> enrolments() {
    return SPARK
        .sql(
            "SELECT * FROM VALUES ('S1', 'H1'), ('S9', 'H1'), ('S2', 'H7'), (NULL, 'H1')"
                + " AS t(student_id, school_id)")
        .withColumn(Validation.REASONS, Validation.anyOf(List.of()));
  }

  static Map<Domain, Dataset<Row>> acceptedKeys() {
    return Map.of(
        Domain.STUDENTS,
        SPARK.sql("SELECT * FROM VALUES ('S1'), ('S2') AS t(student_id)"),
        Domain.SCHOOLS,
        SPARK.sql("SELECT * FROM VALUES ('H1') AS t(school_id)"));
  }

  static Dataset<Row> checked(Set<Domain> fewKeys) {
    return Validation.checkReferences(enrolments(), Domain.ENROLLMENTS, acceptedKeys(), fewKeys)
        .select(
            col("student_id"),
            col("school_id"),
            col(Validation.REASONS).getField("code").as("codes"),
            col(Validation.REASONS).getField("message").as("messages"))
        .orderBy(col("student_id").asc_nulls_first());
  }

  @Test
  void unknownReferencesAreFlaggedTheSameWithOrWithoutBroadcast() {
    for (Set<Domain> fewKeys :
        List.of(EnumSet.of(Domain.STUDENTS, Domain.SCHOOLS), EnumSet.noneOf(Domain.class))) {
      List<String> rows =
          checked(fewKeys).collectAsList().stream()
              .map(r -> r.get(0) + " " + r.get(1) + " " + r.getList(2) + " " + r.getList(3))
              .toList();
      assertThat(rows)
          .as("few keys: " + fewKeys)
          .containsExactly(
              "null H1 [] []",
              "S1 H1 [] []",
              "S2 H7 [UNKNOWN_REFERENCE] [school_id 'H7' is not an accepted row of schools]",
              "S9 H1 [UNKNOWN_REFERENCE] [student_id 'S9' is not an accepted row of students]");
    }
  }

  @Test
  void fewKeysAreBroadcastSoTheReferringRowsStayWhereTheyAre() {
    String threshold = SPARK.conf().get("spark.sql.autoBroadcastJoinThreshold");
    // without this, Spark would broadcast the test's tiny tables by itself either way
    SPARK.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      String broadcast = plan(EnumSet.of(Domain.STUDENTS, Domain.SCHOOLS));
      assertThat(broadcast)
          .contains("BroadcastHashJoin")
          .doesNotContain("SortMergeJoin")
          .doesNotContain("Exchange hashpartitioning");

      String shuffled = plan(EnumSet.of(Domain.SCHOOLS));
      assertThat(shuffled).contains("SortMergeJoin").contains("Exchange hashpartitioning");
    } finally {
      SPARK.conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }

  /** The physical plan that ran. */
  private static String plan(Set<Domain> fewKeys) {
    Dataset<Row> rows =
        Validation.checkReferences(enrolments(), Domain.ENROLLMENTS, acceptedKeys(), fewKeys);
    rows.collectAsList();
    return rows.queryExecution().executedPlan().toString();
  }
}
