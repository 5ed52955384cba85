package org.ostshare.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ostshare.common.privacy.Suppression.TOTAL;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ostshare.common.privacy.Suppression.Entry;
import org.ostshare.common.privacy.Suppression.Key;
import org.ostshare.common.privacy.Suppression.Published;
import org.ostshare.common.privacy.Suppression.Reason;

class SuppressionTest {
  static final List<String> ROWS = List.of("3", "4", "5");
  static final List<String> COLS = List.of("NON", "LOW", "HIGH");

  /** Interior counts; margins are added. */
  static List<Entry> table(List<String> rows, List<String> cols, long[][] n) {
    List<Entry> out = new ArrayList<>();
    long[] colTotals = new long[cols.size()];
    long grand = 0;
    for (int r = 0; r < rows.size(); r++) {
      long rowTotal = 0;
      for (int c = 0; c < cols.size(); c++) {
        if (n[r][c] > 0) {
          out.add(new Entry(rows.get(r), cols.get(c), n[r][c]));
        }
        rowTotal += n[r][c];
        colTotals[c] += n[r][c];
      }
      out.add(new Entry(rows.get(r), TOTAL, rowTotal));
      grand += rowTotal;
    }
    for (int c = 0; c < cols.size(); c++) {
      out.add(new Entry(TOTAL, cols.get(c), colTotals[c]));
    }
    out.add(new Entry(TOTAL, TOTAL, grand));
    return out;
  }

  static List<Published> publish(List<Entry> entries, Suppression.Decisions d) {
    return entries.stream()
        .map(
            e -> {
              boolean s = d.isSuppressed(e.row(), e.col());
              return new Published(e.row(), e.col(), s ? null : e.n(), s);
            })
        .toList();
  }

  final List<Entry> example =
      table(ROWS, COLS, new long[][] {{50, 20, 4}, {60, 15, 30}, {40, 25, 35}});

  @Test
  void smallCellIsSuppressedWithItsComplementsInRowAndColumn() {
    Suppression.Decisions d = Suppression.apply(example, 10);

    assertThat(d.suppressed())
        .containsOnlyKeys(
            new Key("3", "HIGH"), new Key("3", "LOW"), new Key("4", "HIGH"), new Key("4", "LOW"));
    assertThat(d.reason("3", "HIGH")).contains(Reason.PRIMARY);
    assertThat(d.reason("3", "LOW")).contains(Reason.COMPLEMENTARY);
    assertThat(d.reason("4", "HIGH")).contains(Reason.COMPLEMENTARY);
    assertThat(d.reason("4", "LOW")).contains(Reason.COMPLEMENTARY);
    assertThat(Suppression.verify(publish(example, d), 10)).isEmpty();
  }

  @Test
  void verifierCatchesATableWithoutComplementarySuppression() {
    Suppression.Decisions d = Suppression.apply(example, 10);
    List<Published> broken = new ArrayList<>();
    for (Published p : publish(example, d)) {
      // "forget" one complement: (3, LOW) becomes recoverable from the LOW column
      broken.add(
          p.row().equals("4") && p.col().equals("LOW") ? new Published("4", "LOW", 15L, false) : p);
    }
    List<String> problems = Suppression.verify(broken, 10);

    assertThat(problems)
        .anySatisfy(m -> assertThat(m).contains("(3, LOW)").contains("can be recovered"));
  }

  @Test
  void verifierCatchesAPublishedSmallCellAndAHiddenCellThatShowsItsN() {
    List<Published> broken =
        List.of(
            new Published("3", "HIGH", 4L, false),
            new Published("3", TOTAL, 74L, false),
            new Published(TOTAL, "HIGH", 4L, false),
            new Published(TOTAL, TOTAL, 74L, false),
            new Published("3", "NON", 70L, true));

    assertThat(Suppression.verify(broken, 10))
        .anySatisfy(m -> assertThat(m).contains("publishes n = 4"))
        .anySatisfy(m -> assertThat(m).contains("suppressed but shows n"));
  }

  @Test
  void aBridgeBetweenTwoSuppressedBlocksIsDetermined() {
    List<String> rows = List.of("r1", "r2", "r3", "r4");
    List<String> cols = List.of("c1", "c2", "c3", "c4");
    Set<Key> keys = new LinkedHashSet<>();
    for (String r : rows) {
      for (String c : cols) {
        keys.add(new Key(r, c));
      }
      keys.add(new Key(r, TOTAL));
    }
    cols.forEach(c -> keys.add(new Key(TOTAL, c)));
    keys.add(new Key(TOTAL, TOTAL));
    Set<Key> hidden =
        Set.of(
            new Key("r1", "c1"),
            new Key("r1", "c2"),
            new Key("r2", "c1"),
            new Key("r2", "c2"),
            new Key("r3", "c3"),
            new Key("r3", "c4"),
            new Key("r4", "c3"),
            new Key("r4", "c4"),
            new Key("r2", "c3"));

    assertThat(Suppression.determined(keys, hidden)).containsExactly(new Key("r2", "c3"));
  }

  @Test
  void everySuppressedTablePassesTheVerifier() {
    Random random = new Random(7);
    for (int t = 0; t < 200; t++) {
      int rows = 2 + random.nextInt(5);
      int cols = 2 + random.nextInt(4);
      long[][] n = new long[rows][cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          n[r][c] = random.nextInt(4) == 0 ? random.nextInt(12) : random.nextInt(80);
        }
      }
      List<String> rl = new ArrayList<>();
      List<String> cl = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        rl.add("r" + r);
      }
      for (int c = 0; c < cols; c++) {
        cl.add("c" + c);
      }
      List<Entry> entries = table(rl, cl, n);
      Suppression.Decisions d = Suppression.apply(entries, 10);
      assertThat(Suppression.verify(publish(entries, d), 10)).as("table %d", t).isEmpty();
    }
  }

  @Test
  void pseudonymIsAKeyedHmac() {
    byte[] key = "research-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String p = Pseudonym.of(key, "S000123");
    assertThat(p).hasSize(64).isEqualTo(Pseudonym.of(key, "S000123"));
    assertThat(Pseudonym.of("other".getBytes(java.nio.charset.StandardCharsets.UTF_8), "S000123"))
        .isNotEqualTo(p);
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(
            Pseudonym.of(
                "Jefe".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
