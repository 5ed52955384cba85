package org.ostshare.common.summer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ostshare.common.stats.Moments;

/** The descriptive table's linked two-way tables are suppressed together and pass the verifier. */
class SuppressionPublicationTest {
  static Cell cell(String variable, String value, String grade, String group, long n) {
    return cell(Cell.DAYS, variable, value, grade, group, n);
  }

  static Cell cell(
      String basis, String variable, String value, String grade, String group, long n) {
    Moments m = new Moments(n, 200.0 * n, 40_100.0 * n);
    CellStats s = new CellStats(n, m, m, new Moments(n, -n, 5.0 * n), m, m, n / 2, 0, 0, 0);
    return new Cell("MATH", basis, variable, value, grade, group, s);
  }

  /**
   * The demo's race table (3000 students): AIAN has two students, one a no-show; NHPI only
   * non-participants. Split over two grades; the overall cells (both bases) are the sums.
   */
  @Test
  void theDemoRaceTablePassesTheVerifier() {
    // the schema's codes and the bucket of students without one, in the table's (sorted) order
    String[] races =
        java.util.stream.Stream.concat(
                org.ostshare.common.schema.CodeSet.RACE_ETHNICITY.codes().stream(),
                java.util.stream.Stream.of("UNKNOWN"))
            .sorted()
            .toArray(String[]::new);
    String[] groups = {"NON_PARTICIPANT", "NO_SHOW", "LOW", "HIGH"};
    long[][] n = {
      {1, 1, 0, 0},
      {58, 1, 1, 1},
      {1026, 30, 42, 23},
      {95, 1, 2, 2},
      {179, 0, 9, 4},
      {7, 0, 0, 0},
      {68, 0, 1, 1},
      {694, 8, 25, 21}
    };
    String[] grades = {"3", "4"};
    List<Cell> cells = new ArrayList<>();
    long[][] overall = new long[2][groups.length];
    for (int r = 0; r < races.length; r++) {
      for (int d = 0; d < groups.length; d++) {
        long third = n[r][d] / 3; // grade 3 gets a third, grade 4 the rest
        long[] byGrade = {third, n[r][d] - third};
        for (int g = 0; g < 2; g++) {
          if (byGrade[g] > 0) {
            cells.add(cell("race_ethnicity", races[r], grades[g], groups[d], byGrade[g]));
            overall[g][d] += byGrade[g];
          }
        }
      }
    }
    for (int g = 0; g < 2; g++) {
      for (int d = 0; d < groups.length; d++) {
        cells.add(cell(Cell.ALL, Cell.ALL, grades[g], groups[d], overall[g][d]));
        cells.add(cell(Cell.HOURS, Cell.ALL, Cell.ALL, grades[g], groups[d], overall[g][d]));
      }
    }
    List<Publication.Row> rows = Publication.descriptive(Cells.withMargins(cells), 10);

    assertThat(Publication.verify(rows, 10)).isEmpty();
    Map<Cell.Key, Publication.Row> byKey =
        rows.stream().collect(Collectors.toMap(Publication.Row::key, r -> r));
    Cell.Key aianNoShow =
        new Cell.Key("MATH", Cell.DAYS, "race_ethnicity", races[0], Cell.ALL, "NO_SHOW");
    assertThat(byKey.get(aianNoShow).reason()).isEqualTo("PRIMARY");
    // the same published table, whatever order the cells come in
    List<Cell> reversed = new ArrayList<>(Cells.withMargins(cells));
    java.util.Collections.reverse(reversed);
    assertThat(
            Publication.descriptive(reversed, 10).stream()
                .collect(Collectors.toMap(Publication.Row::key, r -> r)))
        .isEqualTo(byKey);
  }

  @Test
  void sharedEntriesAreSuppressedInEveryTableAndNothingIsRecoverable() {
    List<Cell> cells = new ArrayList<>();
    long[][] n = {{40, 3, 25}, {55, 12, 30}};
    String[] grades = {"3", "4"};
    String[] groups = {"NON_PARTICIPANT", "NO_SHOW", "HIGH"};
    for (int g = 0; g < 2; g++) {
      for (int d = 0; d < 3; d++) {
        cells.add(cell(Cell.ALL, Cell.ALL, grades[g], groups[d], n[g][d]));
        // economically disadvantaged split: true gets a third of each cell
        long t = n[g][d] / 3;
        cells.add(cell("economically_disadvantaged", "true", grades[g], groups[d], t));
        cells.add(cell("economically_disadvantaged", "false", grades[g], groups[d], n[g][d] - t));
      }
    }
    List<Publication.Row> rows = Publication.descriptive(Cells.withMargins(cells), 10);

    assertThat(Publication.verify(rows, 10)).isEmpty();
    assertThat(rows).allSatisfy(r -> assertThat(r.n() == null || r.n() >= 10).isTrue());
    // NO_SHOW grade 3 (n = 3) is primary; its column total (15) must then be hidden or protected
    Map<Cell.Key, Publication.Row> byKey =
        rows.stream().collect(Collectors.toMap(Publication.Row::key, r -> r));
    assertThat(
            byKey.get(new Cell.Key("MATH", Cell.DAYS, Cell.ALL, Cell.ALL, "3", "NO_SHOW")).reason())
        .isEqualTo("PRIMARY");
    assertThat(rows.stream().filter(Publication.Row::suppressed).count()).isGreaterThan(1);
    // subgroup cells are published only over all grades
    assertThat(rows)
        .noneSatisfy(
            r ->
                assertThat(
                        !r.key().variable().equals(Cell.ALL) && !r.key().grade().equals(Cell.ALL))
                    .isTrue());
  }
}
