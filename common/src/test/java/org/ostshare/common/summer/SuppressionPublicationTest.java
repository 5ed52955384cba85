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
    Moments m = new Moments(n, 200.0 * n, 40_100.0 * n);
    CellStats s = new CellStats(n, m, m, new Moments(n, -n, 5.0 * n), m, m, n / 2, 0, 0, 0);
    return new Cell("MATH", Cell.DAYS, variable, value, grade, group, s);
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
