package org.ostshare.common.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;

/** Roster rows against a small district, one row per matching rule, checked row by row. */
class RosterMatchingTest {
  private final SparkSession spark = TestSpark.get();

  private Dataset<Row> students() {
    List<Row> rows =
        List.of(
            student("S1", "Zoë", "O'Brien-Smith", "2016-08-08"),
            student("S2", "Sam", "Lee", "2016-05-05"),
            student("S3", "Sam", "Lee", "2016-05-05"),
            student("S4", "José", "García", "2015-01-31"),
            student("S5", "Ann", "Marie", "2014-02-02"));
    return spark.createDataFrame(rows, Domain.STUDENTS.conformedSchema());
  }

  private Dataset<Row> enrollments() {
    List<Row> rows =
        List.of(
            RowFactory.create("S1", "SCH1", 2026, "4", Date.valueOf("2025-08-25"), null, "2025-Q3"),
            RowFactory.create("S2", "SCH1", 2026, "4", Date.valueOf("2025-08-25"), null, "2025-Q3"),
            RowFactory.create("S3", "SCH2", 2026, "4", Date.valueOf("2025-08-25"), null, "2025-Q3"),
            RowFactory.create(
                "S4", "SCH2", 2026, "5", Date.valueOf("2025-08-25"), null, "2025-Q3"));
    return spark.createDataFrame(rows, Domain.ENROLLMENTS.conformedSchema());
  }

  private static Row student(String id, String first, String last, String birth) {
    return RowFactory.create(
        id,
        first,
        null,
        last,
        Date.valueOf(birth),
        "F",
        null,
        false,
        false,
        false,
        null,
        null,
        "2025-Q3");
  }

  private static Row roster(String id, String first, String last, String birth, String school) {
    return RowFactory.create(
        "PR1",
        id,
        first,
        last,
        birth == null ? null : Date.valueOf(birth),
        school,
        Date.valueOf("2025-09-02"),
        null,
        "2025-Q3");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // case                                 | id | first          | last            | birth
        // | school | student | method or status
        "district id                            | S5 | -              | -               | -          | -      | S5 | DISTRICT_ID",
        "district id wins over a wrong name     | S4 | Nobody         | Else            | 2000-01-01 | -      | S4 | DISTRICT_ID",
        "exact name and birth date              | -  | José           | García          | 2015-01-31 | -      | S4 | NAME_BIRTH_DATE",
        "no accents, upper case                 | -  | JOSE           | GARCIA          | 2015-01-31 | -      | S4 | NAME_BIRTH_DATE",
        "accents, apostrophe, hyphen and spaces | -  | zoe            | ' obrien smith' | 2016-08-08 | -      | S1 | NAME_BIRTH_DATE",
        "hyphen written as space                | -  | Zoe            | O Brien Smith   | 2016-08-08 | -      | S1 | NAME_BIRTH_DATE",
        "right name, wrong birth date           | -  | José           | García          | 2015-01-30 | -      | -  | UNMATCHED",
        "no candidate                           | -  | Nobody         | Here            | 2015-01-31 | -      | -  | UNMATCHED",
        "two candidates                         | -  | Sam            | Lee             | 2016-05-05 | -      | -  | AMBIGUOUS",
        "two candidates, school tells apart     | -  | sam            | LEE             | 2016-05-05 | SCH2   | S3 | NAME_BIRTH_DATE_SCHOOL",
        "two candidates, school tells nothing   | -  | Sam            | Lee             | 2016-05-05 | SCH9   | -  | AMBIGUOUS",
        "unenrolled student, name only          | -  | Ann            | Marie           | 2014-02-02 | -      | S5 | NAME_BIRTH_DATE",
        "missing birth date                     | -  | Ann            | Marie           | -          | -      | -  | UNMATCHED",
      })
  void matchesOneRow(
      String name,
      String id,
      String first,
      String last,
      String birth,
      String school,
      String student,
      String outcome) {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(roster(id, first, last, birth, school)),
            Domain.PROGRAM_ENROLLMENTS.conformedSchema());
    RosterMatching.Result r = RosterMatching.match(rows, students(), enrollments());
    List<Row> matched = r.matched().collectAsList();
    List<Row> unmatched = r.unmatched().collectAsList();
    if (student != null) {
      assertThat(unmatched).as(name).isEmpty();
      assertThat(matched).as(name).hasSize(1);
      assertThat(matched.get(0).<String>getAs(Cols.STUDENT_ID)).isEqualTo(student);
      assertThat(matched.get(0).<String>getAs(RosterMatching.MATCH_METHOD)).isEqualTo(outcome);
      // the roster's own values are kept as the partner sent them
      assertThat(matched.get(0).<String>getAs(Cols.FIRST_NAME)).isEqualTo(first);
    } else {
      assertThat(matched).as(name).isEmpty();
      assertThat(unmatched).as(name).hasSize(1);
      assertThat(unmatched.get(0).<String>getAs(RosterMatching.MATCH_STATUS)).isEqualTo(outcome);
      assertThat(unmatched.get(0).<String>getAs(Cols.STUDENT_ID)).isNull();
    }
  }

  @Test
  void keepsEveryRowOnceAndCountsCandidates() {
    List<Row> in = new ArrayList<>();
    in.add(roster("S5", null, null, null, null));
    in.add(roster(null, "Sam", "Lee", "2016-05-05", null));
    in.add(roster(null, "Zoe", "OBrienSmith", "2016-08-08", null));
    in.add(roster(null, "Nobody", "Here", "2016-08-08", null));
    RosterMatching.Result r =
        RosterMatching.match(
            spark.createDataFrame(in, Domain.PROGRAM_ENROLLMENTS.conformedSchema()),
            students(),
            enrollments());
    assertThat(r.matched().count() + r.unmatched().count()).isEqualTo(in.size());
    Map<String, Long> candidates = new HashMap<>();
    for (Row u : r.unmatched().collectAsList()) {
      candidates.put(u.getAs(Cols.FIRST_NAME), u.<Long>getAs(RosterMatching.CANDIDATES));
    }
    assertThat(candidates).containsEntry("Sam", 2L).containsEntry("Nobody", 0L);

    // kept where decided: the keeper sees the rows without an id, once, and the results agree
    List<Dataset<Row>> seen = new ArrayList<>();
    RosterMatching.Result kept =
        RosterMatching.match(
            spark.createDataFrame(in, Domain.PROGRAM_ENROLLMENTS.conformedSchema()),
            students(),
            enrollments(),
            rows -> {
              Dataset<Row> k = rows.localCheckpoint();
              seen.add(k);
              return k;
            });
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).collectAsList())
        .extracting(x -> x.<String>getAs(Cols.FIRST_NAME))
        .containsExactlyInAnyOrder("Sam", "Zoe", "Nobody");
    assertThat(kept.matched().collectAsList())
        .containsExactlyInAnyOrderElementsOf(r.matched().collectAsList());
    assertThat(kept.unmatched().collectAsList())
        .containsExactlyInAnyOrderElementsOf(r.unmatched().collectAsList());
  }

  @Test
  void matchesProgrammeAttendanceRowsWhichNameNoSchool() {
    Row att =
        RowFactory.create(
            "PR1",
            null,
            "Zoe",
            "O'Brien-Smith",
            Date.valueOf("2016-08-08"),
            Date.valueOf("2025-09-03"),
            2.5,
            "2025-Q3");
    RosterMatching.Result r =
        RosterMatching.match(
            spark.createDataFrame(List.of(att), Domain.PROGRAM_ATTENDANCE.conformedSchema()),
            students(),
            enrollments());
    assertThat(r.matched().collectAsList())
        .extracting(x -> x.getAs(Cols.STUDENT_ID))
        .containsExactly("S1");
  }

  @Test
  void normalisesNames() {
    assertThat(RosterMatching.normaliseName(" Zoë O'Brien-Smith ")).isEqualTo("zoeobriensmith");
    assertThat(RosterMatching.normaliseName("ÅSA")).isEqualTo("asa");
    assertThat(RosterMatching.normaliseName("--")).isNull();
    assertThat(RosterMatching.normaliseName(null)).isNull();
  }

  /** Names in ASCII take a shorter path; it must give what the full rule gives, name for name. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "Smith           | smith",
        "O'Brien-Smith   | obriensmith",
        "\"  Anne Marie \" | annemarie",
        "McDONALD Jr.    | mcdonaldjr",
        "R2-D2           | rd",
        "\"\t_Li_\"        | li",
        "123             | ",
        "\"\"              | ",
        "José            | jose",
        "Zoë-Ann         | zoeann",
        "Ølstad          | ølstad",
        "ŁUKASZ          | łukasz",
        "Nguyễn          | nguyen",
        "李              | 李",
      })
  void normalisesAsciiAndOtherNamesByTheSameRule(String name, String expected) {
    String in = name == null ? "" : name;
    assertThat(RosterMatching.normaliseName(in)).isEqualTo(expected);
    assertThat(RosterMatching.normaliseName(in)).isEqualTo(byTheFullRule(in));
  }

  /** The rule as written in the class comment: decompose, drop marks and non-letters, lower. */
  private static String byTheFullRule(String name) {
    String letters =
        java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replaceAll("[^\\p{L}]", "");
    return letters.isEmpty() ? null : letters.toLowerCase(java.util.Locale.ROOT);
  }
}
