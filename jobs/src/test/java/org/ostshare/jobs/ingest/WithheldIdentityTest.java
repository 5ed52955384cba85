package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;

/**
 * Step 4 of validation: a roster row without a district id that names a student whose own record
 * was quarantined is quarantined too, since matching on name and birth date, among the accepted
 * students only, could choose a namesake.
 */
class WithheldIdentityTest {
  static final SparkSession SPARK = TestSpark.get();

  /** A reason list: the code given, or empty. */
  static Column reasons(Column code) {
    return when(code.isNotNull(), array(struct(code.as("code"), lit("planted").as("message"))))
        .otherwise(Validation.anyOf(List.of()));
  }

  /** Students rows as validation leaves them: kind, typed values, reasons. */
  static Dataset<Row> students() {
    return SPARK
        .sql(
            "SELECT * FROM VALUES"
                + " ('DATA', 'S1', 'Ana', 'Ruiz', DATE'2015-01-01', NULL),"
                // conflicting rows of S2 (both quarantined): a namesake of S1 nobody may match
                + " ('DATA', 'S2', 'ANA', 'Ruíz', DATE'2015-01-01', 'CONFLICTING_KEY'),"
                + " ('DATA', 'S2', 'Ana', 'Ruiz', DATE'2015-01-01', 'CONFLICTING_KEY'),"
                // a birth date that cannot be read: any birth date may be this student's
                + " ('DATA', 'S3', 'Bo', 'Li', NULL, 'BAD_DATE'),"
                // a quarantined copy of an accepted student: that student is known
                + " ('DATA', 'S4', 'Cy', 'Vo', DATE'2014-03-03', NULL),"
                + " ('DATA', 'S4', 'Cy', 'Vo', DATE'2014-03-03', 'DUPLICATE_ROW'),"
                // no id at all
                + " ('DATA', NULL, 'Di', 'Wu', DATE'2016-06-06', 'MISSING_REQUIRED'),"
                // nothing readable: names nobody
                + " ('DATA', NULL, NULL, NULL, NULL, 'MALFORMED_LINE'),"
                + " ('HEADER', NULL, 'first_name', 'last_name', NULL, NULL)"
                + " AS t(_kind, student_id, first_name, last_name, birth_date, code)")
        .withColumn(Validation.REASONS, reasons(col("code")))
        .drop("code");
  }

  /** Roster rows after step 3: the case in program_id, and any reason they already have. */
  static Dataset<Row> roster() {
    return SPARK
        .sql(
            "SELECT * FROM VALUES"
                + " ('namesake-of-withheld', NULL, 'ana', 'RUIZ', DATE'2015-01-01', NULL),"
                + " ('other-birth-date', NULL, 'Ana', 'Ruiz', DATE'2015-02-02', NULL),"
                + " ('with-district-id', 'S1', 'Ana', 'Ruiz', DATE'2015-01-01', NULL),"
                + " ('withheld-birth-unreadable', NULL, 'Bo', 'Li', DATE'2010-10-10', NULL),"
                + " ('quarantined-copy-only', NULL, 'Cy', 'Vo', DATE'2014-03-03', NULL),"
                + " ('withheld-without-id', NULL, 'Di', 'Wu', DATE'2016-06-06', NULL),"
                + " ('stranger', NULL, 'Zed', 'Quinn', DATE'2015-04-04', NULL),"
                + " ('already-quarantined', NULL, 'Di', 'Wu', DATE'2016-06-06', 'OUT_OF_RANGE')"
                + " AS t(program_id, student_id, first_name, last_name, birth_date, code)")
        .withColumn(Validation.REASONS, reasons(col("code")))
        .drop("code");
  }

  /** The withheld students of {@link #students}, given the ids ingestion accepted: S1 and S4. */
  static Dataset<Row> withheld() {
    Dataset<Row> acceptedIds = SPARK.sql("SELECT * FROM VALUES ('S1'), ('S4') AS t(student_id)");
    return Validation.withheldStudents(students(), acceptedIds);
  }

  static Map<String, List<String>> codesByCase(Dataset<Row> checked) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Row r :
        checked
            .select(col("program_id"), col(Validation.REASONS).getField("code"))
            .collectAsList()) {
      assertThat(out.put(r.getString(0), r.getList(1))).as(r.getString(0)).isNull();
    }
    return out;
  }

  @Test
  void withheldStudentsAreTheQuarantinedWhoseIdHasNoAcceptedRow() {
    List<String> rows =
        withheld().collectAsList().stream()
            .map(r -> r.get(0) + " " + r.get(1) + " " + r.getList(2) + " " + r.get(3))
            .sorted()
            .toList();
    assertThat(rows)
        .containsExactly(
            "ana ruiz [2015-01-01] false", "bo li [] true", "di wu [2016-06-06] false");
  }

  @Test
  void rosterRowsWithoutAnIdThatNameAWithheldStudentAreQuarantined() {
    Dataset<Row> checked =
        Validation.checkWithheldIdentities(roster(), Domain.PROGRAM_ENROLLMENTS, withheld());
    assertThat(checked.columns()).isEqualTo(roster().columns());
    assertThat(codesByCase(checked))
        .isEqualTo(
            Map.of(
                "namesake-of-withheld", List.of("QUARANTINED_STUDENT"),
                "other-birth-date", List.of(),
                "with-district-id", List.of(),
                "withheld-birth-unreadable", List.of("QUARANTINED_STUDENT"),
                "quarantined-copy-only", List.of(),
                "withheld-without-id", List.of("QUARANTINED_STUDENT"),
                "stranger", List.of(),
                "already-quarantined", List.of("OUT_OF_RANGE", "QUARANTINED_STUDENT")));
  }

  @Test
  void onlyRosterDomainsAreCheckedAndNoneWithheldAddsNoJoin() {
    Dataset<Row> withheld = withheld();
    Dataset<Row> rows = roster();
    assertThat(Validation.checkWithheldIdentities(rows, Domain.ENROLLMENTS, withheld))
        .isSameAs(rows);
    assertThat(Validation.checkWithheldIdentities(rows, Domain.PROGRAM_ATTENDANCE, null))
        .isSameAs(rows);
  }
}
