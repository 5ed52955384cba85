package org.ostshare.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ostshare.common.privacy.Suppression.TOTAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

  // The MATH by race_ethnicity table of the 3000-student demo (district 2024-25): the published
  // counts as written, the suppressed ones filled in consistently with the published totals.
  static final List<String> RACES =
      java.util.stream.Stream.concat(
              org.ostshare.common.schema.CodeSet.RACE_ETHNICITY.codes().stream(),
              java.util.stream.Stream.of("UNKNOWN"))
          .sorted()
          .toList();
  static final List<String> GROUPS = List.of("NON_PARTICIPANT", "NO_SHOW", "LOW", "HIGH");
  static final String AIAN = "AMERICAN_INDIAN_ALASKA_NATIVE";
  static final String NHPI = "NATIVE_HAWAIIAN_PACIFIC_ISLANDER";

  static List<Entry> demoRaceTable() {
    return table(
        RACES,
        GROUPS,
        new long[][] {
          {1, 1, 0, 0}, // AIAN: two students, one of them a no-show
          {58, 1, 1, 1},
          {1026, 30, 42, 23},
          {95, 1, 2, 2},
          {179, 0, 9, 4},
          {7, 0, 0, 0}, // NHPI: non-participants only, so its total is its one cell
          {68, 0, 1, 1},
          {694, 8, 25, 21}
        });
  }

  /** The group totals NO_SHOW and HIGH come in hidden from the grade table that shares them. */
  static final Set<Key> DEMO_FORCED = Set.of(new Key(TOTAL, "NO_SHOW"), new Key(TOTAL, "HIGH"));

  @Test
  void aTinyRowWhoseRowAndColumnAreAllSuppressedIsStillProtected() {
    List<Entry> entries = demoRaceTable();
    Suppression.Decisions d = Suppression.apply(entries, 10, DEMO_FORCED);

    assertThat(d.suppressed())
        .isEqualTo(
            Map.ofEntries(
                Map.entry(new Key(TOTAL, "HIGH"), Reason.COMPLEMENTARY),
                Map.entry(new Key(TOTAL, "NO_SHOW"), Reason.COMPLEMENTARY),
                Map.entry(new Key(AIAN, TOTAL), Reason.PRIMARY),
                Map.entry(new Key(AIAN, "NON_PARTICIPANT"), Reason.PRIMARY),
                Map.entry(new Key(AIAN, "NO_SHOW"), Reason.PRIMARY),
                Map.entry(new Key("ASIAN", "HIGH"), Reason.PRIMARY),
                Map.entry(new Key("ASIAN", "LOW"), Reason.PRIMARY),
                Map.entry(new Key("ASIAN", "NO_SHOW"), Reason.PRIMARY),
                // the complement that breaks AIAN NO_SHOW = (ALL - NON_PARTICIPANT) of the
                // AIAN and NHPI rows together: the smallest published entry of either column
                Map.entry(new Key("ASIAN", "NON_PARTICIPANT"), Reason.COMPLEMENTARY),
                Map.entry(new Key("HISPANIC", "HIGH"), Reason.PRIMARY),
                Map.entry(new Key("HISPANIC", "LOW"), Reason.PRIMARY),
                Map.entry(new Key("HISPANIC", "NO_SHOW"), Reason.PRIMARY),
                Map.entry(new Key("MULTIRACIAL", "HIGH"), Reason.PRIMARY),
                Map.entry(new Key("MULTIRACIAL", "LOW"), Reason.PRIMARY),
                Map.entry(new Key(NHPI, TOTAL), Reason.PRIMARY),
                Map.entry(new Key(NHPI, "NON_PARTICIPANT"), Reason.PRIMARY),
                Map.entry(new Key("UNKNOWN", "HIGH"), Reason.PRIMARY),
                Map.entry(new Key("UNKNOWN", "LOW"), Reason.PRIMARY),
                Map.entry(new Key("WHITE", "HIGH"), Reason.COMPLEMENTARY),
                Map.entry(new Key("WHITE", "NO_SHOW"), Reason.PRIMARY)));
    assertThat(d.unprotected()).isEmpty();
    assertThat(Suppression.verify(publish(entries, d), 10)).isEmpty();
    // alone (nothing forced in) it is protected too
    Suppression.Decisions alone = Suppression.apply(entries, 10);
    assertThat(alone.unprotected()).isEmpty();
    assertThat(Suppression.verify(publish(entries, alone), 10)).isEmpty();
  }

  @Test
  void verifierCatchesTheDemoTableAsItWasWritten() {
    // the pattern the demo wrote: AIAN's row and the NO_SHOW column entirely hidden, AIAN NO_SHOW
    // still equal to (ALL - NON_PARTICIPANT) over the AIAN and NHPI rows = 9 - 8 = 1
    Set<Key> written =
        Set.of(
            new Key(TOTAL, "HIGH"),
            new Key(TOTAL, "NO_SHOW"),
            new Key(AIAN, TOTAL),
            new Key(AIAN, "NON_PARTICIPANT"),
            new Key(AIAN, "NO_SHOW"),
            new Key("ASIAN", "HIGH"),
            new Key("ASIAN", "LOW"),
            new Key("ASIAN", "NO_SHOW"),
            new Key("BLACK", "HIGH"),
            new Key("BLACK", "NO_SHOW"),
            new Key("HISPANIC", "HIGH"),
            new Key("HISPANIC", "LOW"),
            new Key("HISPANIC", "NO_SHOW"),
            new Key("MULTIRACIAL", "HIGH"),
            new Key("MULTIRACIAL", "LOW"),
            new Key(NHPI, TOTAL),
            new Key(NHPI, "NON_PARTICIPANT"),
            new Key("UNKNOWN", "HIGH"),
            new Key("UNKNOWN", "LOW"),
            new Key("WHITE", "HIGH"),
            new Key("WHITE", "NO_SHOW"));
    List<Published> table =
        demoRaceTable().stream()
            .map(
                e -> {
                  boolean s = written.contains(new Key(e.row(), e.col()));
                  return new Published(e.row(), e.col(), s ? null : e.n(), s);
                })
            .toList();

    assertThat(Suppression.verify(table, 10))
        .containsExactly(
            "suppressed entry ("
                + AIAN
                + ", NO_SHOW) can be recovered from the published row and column totals");
  }

  @Test
  void decisionsDoNotDependOnTheOrderOfTheEntries() {
    List<Entry> entries = new ArrayList<>(demoRaceTable());
    Suppression.Decisions first = Suppression.apply(entries, 10, DEMO_FORCED);
    Random random = new Random(11);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(entries, random);
      assertThat(Suppression.apply(entries, 10, DEMO_FORCED)).isEqualTo(first);
    }
  }

  /** Interior counts only, no margins (zeros absent). */
  static List<Entry> interior(List<String> rows, List<String> cols, long[][] n) {
    return table(rows, cols, n).stream()
        .filter(e -> !TOTAL.equals(e.row()) && !TOTAL.equals(e.col()))
        .toList();
  }

  /** "row/col" → key; "*" stands for the margin. */
  static Set<Key> keys(String... rc) {
    Set<Key> out = new LinkedHashSet<>();
    for (String s : rc) {
      String[] p = s.split("/");
      out.add(new Key(p[0].replace("*", TOTAL), p[1].replace("*", TOTAL)));
    }
    return out;
  }

  static final List<String> R = List.of("r1", "r2", "r3");
  static final List<String> C = List.of("c1", "c2", "c3");

  static Stream<Arguments> shapes() {
    long[][] loneInRow = {{40, 5, 30}, {50, 20, 25}, {60, 35, 45}};
    long[][] loneInColumn = {{4, 6, 50}, {30, 40, 45}, {35, 50, 60}};
    long[][] onlyCellOfItsRow = {{0, 3, 0}, {40, 20, 30}, {50, 25, 35}};
    List<String> rows4 = List.of("a", "b", "c", "d");
    long[][] tinyRowBesideASingleCategoryRow = {{1, 1, 0}, {7, 0, 0}, {58, 2, 15}, {600, 20, 30}};
    return Stream.of(
        Arguments.of(
            "lone primary in its row, margins",
            table(R, C, loneInRow),
            keys("r1/c2", "r1/c3", "r2/c2", "r2/c3"),
            keys()),
        Arguments.of(
            "lone primary in its row, no margins",
            interior(R, C, loneInRow),
            keys("r1/c2", "r1/c3", "r2/c2", "r2/c3"),
            keys()),
        Arguments.of(
            "two primaries in a row, each alone in its column, margins",
            table(R, C, loneInColumn),
            keys("r1/c1", "r1/c2", "r2/c1", "r2/c2"),
            keys()),
        Arguments.of(
            "two primaries in a row, each alone in its column, no margins",
            interior(R, C, loneInColumn),
            keys("r1/c1", "r1/c2", "r2/c1", "r2/c2"),
            keys()),
        Arguments.of(
            // the row total equals the cell: both primary, the column and the total column each
            // get a complement in the same row, which closes the rectangle
            "only non-empty cell of its row, margins",
            table(R, C, onlyCellOfItsRow),
            keys("r1/c2", "r1/*", "r2/c2", "r2/*"),
            keys()),
        Arguments.of(
            // the row's sum counts as known even unpublished: nothing can protect the cell, the
            // suppressor says so, and the verifier reports that very entry
            "only non-empty cell of its row, no margins",
            interior(R, C, onlyCellOfItsRow),
            keys("r1/c2", "r2/c2", "r2/c3", "r3/c3", "r3/c2"),
            keys("r1/c2")),
        Arguments.of(
            "tiny row, all primary, beside a single-category row, margins",
            table(rows4, C, tinyRowBesideASingleCategoryRow),
            keys("a/c1", "a/c2", "a/*", "b/c1", "b/*", "c/c2", "c/c3", "d/c2", "d/c3", "c/c1"),
            keys()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void shapes(String name, List<Entry> entries, Set<Key> suppressed, Set<Key> unprotected) {
    Suppression.Decisions d = Suppression.apply(entries, 10);

    assertThat(d.suppressed().keySet()).containsExactlyInAnyOrderElementsOf(suppressed);
    d.suppressed()
        .forEach(
            (k, r) -> {
              Long n =
                  entries.stream()
                      .filter(e -> e.row().equals(k.row()) && e.col().equals(k.col()))
                      .findFirst()
                      .orElseThrow()
                      .n();
              assertThat(r).as("%s", k).isEqualTo(n < 10 ? Reason.PRIMARY : Reason.COMPLEMENTARY);
            });
    assertThat(d.unprotected()).containsExactlyInAnyOrderElementsOf(unprotected);
    // the suppressor and the verifier agree on what is recoverable
    assertThat(Suppression.verify(publish(entries, d), 10))
        .containsExactlyInAnyOrderElementsOf(
            unprotected.stream()
                .map(
                    k ->
                        "suppressed entry ("
                            + k.row()
                            + ", "
                            + k.col()
                            + ") can be recovered from the published row and column totals")
                .toList());
  }

  @Test
  void tablesWithTinyAndMissingCategoriesPassTheVerifier() {
    Random random = new Random(2025);
    for (int t = 0; t < 300; t++) {
      int rows = 2 + random.nextInt(7);
      int cols = 2 + random.nextInt(4);
      long[][] n = new long[rows][cols];
      for (int r = 0; r < rows; r++) {
        int kind = random.nextInt(4);
        for (int c = 0; c < cols; c++) {
          n[r][c] =
              switch (kind) {
                case 0 -> random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0; // a tiny category
                case 1 -> c == 0 ? 1 + random.nextInt(40) : 0; // a single-group category
                default -> random.nextInt(3) == 0 ? random.nextInt(12) : random.nextInt(800);
              };
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
      Set<Key> forced = new LinkedHashSet<>();
      if (random.nextBoolean()) {
        // a column total hidden by another table sharing it (the same students, so not empty)
        String c = cl.get(random.nextInt(cols));
        if (entries.stream().anyMatch(e -> e.col().equals(c) && e.n() > 0)) {
          forced.add(new Key(TOTAL, c));
        }
      }
      Suppression.Decisions d = Suppression.apply(entries, 10, forced);
      assertThat(d.suppressed().keySet()).as("table %d", t).containsAll(forced);
      assertThat(d.unprotected()).as("table %d", t).isEmpty();
      assertThat(Suppression.verify(publish(entries, d), 10)).as("table %d", t).isEmpty();

      List<Entry> bare = interior(rl, cl, n);
      Suppression.Decisions b = Suppression.apply(bare, 10);
      assertThat(Suppression.verify(publish(bare, b), 10))
          .as("table %d without margins", t)
          .hasSize(b.unprotected().size());
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
