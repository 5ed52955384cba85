package org.ostshare.common.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Small-cell suppression of a two-way table of counts with its margins (row totals, column totals
 * and the grand total, labelled {@link #TOTAL}).
 *
 * <p><b>Primary</b>: every entry with 0 &lt; n &lt; the minimum is suppressed.
 * <b>Complementary</b>: each row and each column (margins included) is a line whose entries add up
 * to its total; a line with exactly one suppressed entry would give that entry away by subtraction,
 * so the smallest other non-zero entry of the line is suppressed too (an interior cell if there is
 * one, else the total). Lines are revisited until none has a single suppressed entry. That is not
 * enough: the published entries can still pin a suppressed entry down through a chain of lines (a
 * "bridge" between two suppressed blocks; a tiny row whose entries are all primary, next to a row
 * with a single category, whose hidden cell and hidden total are then known to be equal). So the
 * pattern is then checked as a linear system, the very test {@link #verify} applies (see {@link
 * #determined}): while an entry is determined, the smallest entry whose suppression protects it is
 * suppressed too (in its row, else its column, else anywhere in the table), and the lines are
 * revisited. Entries absent from the table are known zeros, never suppressed, and neither are
 * entries with n = 0 used as complements. The sum of every line counts as known even when its total
 * is not in the table (it may be public elsewhere, e.g. enrolment), so a table with its margins
 * (and no entries with n = 0 forced hidden) can always be protected; one without them may keep
 * {@link Decisions#unprotected} entries, which the verifier reports. The decisions depend on the
 * entries alone, not on their order.
 *
 * <p>Whole entries are suppressed, not only n: a suppressed entry publishes no statistic at all, so
 * sums (n × mean) cannot be recovered from the totals either.
 */
public final class Suppression {
  /** Label of the margin in a row or column. */
  public static final String TOTAL = "ALL";

  private Suppression() {}

  /** Canonical order of entries: by row then column, the margins last. */
  private static final Comparator<Key> ORDER =
      Comparator.<Key, Boolean>comparing(k -> TOTAL.equals(k.row()))
          .thenComparing(Key::row)
          .thenComparing(k -> TOTAL.equals(k.col()))
          .thenComparing(Key::col);

  public enum Reason {
    PRIMARY,
    COMPLEMENTARY
  }

  /** One entry of the table before suppression. */
  public record Entry(String row, String col, long n) {}

  /** One entry of a published table: n is null where it was suppressed. */
  public record Published(String row, String col, Long n, boolean suppressed) {}

  /**
   * Suppression decisions: entries (row, col) to withhold and why, and the hidden entries that stay
   * recoverable all the same ({@link #determined}; empty for a table with its margins): exactly
   * those {@link #verify} will report.
   */
  public record Decisions(Map<Key, Reason> suppressed, List<Key> unprotected) {
    public Decisions(Map<Key, Reason> suppressed) {
      this(suppressed, List.of());
    }

    public Optional<Reason> reason(String row, String col) {
      return Optional.ofNullable(suppressed.get(new Key(row, col)));
    }

    public boolean isSuppressed(String row, String col) {
      return suppressed.containsKey(new Key(row, col));
    }
  }

  public record Key(String row, String col) {}

  /** Decides what to suppress in one two-way table with margins. */
  public static Decisions apply(List<Entry> entries, int minCell) {
    return apply(entries, minCell, Set.of());
  }

  /**
   * The same, with entries already suppressed elsewhere (another table sharing them): they stay
   * suppressed (as complements) and count as hidden in this table's lines.
   */
  public static Decisions apply(List<Entry> entries, int minCell, Set<Key> forced) {
    // canonical order (not the caller's): the decisions depend only on the table's contents
    Map<Key, Long> n = new TreeMap<>(ORDER);
    for (Entry e : entries) {
      n.merge(new Key(e.row(), e.col()), e.n(), Long::sum);
    }
    Map<Key, Reason> out = new LinkedHashMap<>();
    n.forEach(
        (k, v) -> {
          if (v > 0 && v < minCell) {
            out.put(k, Reason.PRIMARY);
          } else if (forced.contains(k)) {
            out.put(k, Reason.COMPLEMENTARY);
          }
        });
    while (true) {
      boolean changed = false;
      for (List<Key> line : lines(n.keySet())) {
        long hidden = line.stream().filter(out::containsKey).count();
        if (hidden == 1) {
          Optional<Key> complement = smallestOpen(line, n, out);
          if (complement.isPresent()) {
            out.put(complement.get(), Reason.COMPLEMENTARY);
            changed = true;
          }
        }
      }
      if (changed) {
        continue;
      }
      // every line has 0 or >= 2 hidden entries; the published entries may still pin one down
      // through a chain of lines: the verifier's test, so the suppressor uses the same one
      List<Key> determined = determined(n.keySet(), out.keySet());
      Optional<Key> complement = Optional.empty();
      for (Key k : determined) {
        complement = complementFor(k, n, out);
        if (complement.isPresent()) {
          break;
        }
      }
      if (complement.isEmpty()) {
        break; // nothing determined, or nothing that hiding more entries could protect
      }
      out.put(complement.get(), Reason.COMPLEMENTARY);
    }
    List<Key> unprotected = determined(n.keySet(), out.keySet());
    return new Decisions(Map.copyOf(out), List.copyOf(unprotected));
  }

  /**
   * A complement that protects the determined entry k: the first candidate (open entries with n
   * &gt; 0: k's row, then its column, then the rest of the table; interior cells before totals;
   * smallest n first) whose suppression leaves k undetermined. The row and column of k may be
   * entirely suppressed already and k still pinned down through other lines (e.g. a tiny row whose
   * entries are all primary, next to a row of a single category whose total is its only cell): the
   * protecting complement then lies elsewhere in the table. When no single entry does it (two are
   * needed at once), the candidate leaving the fewest determined entries, so that the next round
   * can finish the job. Empty when even hiding every candidate would leave k determined (a line
   * without its total whose only non-zero entry is k: that sum counts as known).
   */
  private static Optional<Key> complementFor(Key k, Map<Key, Long> n, Map<Key, Reason> out) {
    Comparator<Key> rank =
        Comparator.<Key>comparingInt(
                c -> c.row().equals(k.row()) ? 0 : c.col().equals(k.col()) ? 1 : 2)
            .thenComparingInt(c -> isMargin(c) ? 1 : 0)
            .thenComparingLong(n::get)
            .thenComparing(ORDER);
    List<Key> candidates =
        n.keySet().stream().filter(c -> !out.containsKey(c) && n.get(c) > 0).sorted(rank).toList();
    Set<Key> everything = new LinkedHashSet<>(out.keySet());
    everything.addAll(candidates);
    if (candidates.isEmpty() || determined(n.keySet(), everything).contains(k)) {
      return Optional.empty();
    }
    Key fallback = null;
    int fewest = Integer.MAX_VALUE;
    for (Key c : candidates) {
      Set<Key> trial = new LinkedHashSet<>(out.keySet());
      trial.add(c);
      List<Key> still = determined(n.keySet(), trial);
      if (!still.contains(k)) {
        return Optional.of(c);
      }
      if (still.size() < fewest) {
        fewest = still.size();
        fallback = c;
      }
    }
    return Optional.ofNullable(fallback);
  }

  /**
   * Re-checks a published table: returns a description of each problem (empty when safe): an entry
   * published with n below the minimum, a suppressed entry that still shows its n, or a suppressed
   * entry that the published entries determine through the row and column totals.
   */
  public static List<String> verify(List<Published> table, int minCell) {
    List<String> problems = new ArrayList<>();
    Set<Key> keys = new LinkedHashSet<>();
    Set<Key> hidden = new LinkedHashSet<>();
    for (Published p : table) {
      Key k = new Key(p.row(), p.col());
      keys.add(k);
      if (p.suppressed()) {
        hidden.add(k);
        if (p.n() != null) {
          problems.add("entry (" + p.row() + ", " + p.col() + ") is suppressed but shows n");
        }
      } else if (p.n() == null) {
        problems.add("entry (" + p.row() + ", " + p.col() + ") has no n and is not suppressed");
      } else if (p.n() > 0 && p.n() < minCell) {
        problems.add(
            "entry ("
                + p.row()
                + ", "
                + p.col()
                + ") publishes n = "
                + p.n()
                + ", below the minimum of "
                + minCell);
      }
    }
    for (Key k : determined(keys, hidden)) {
      problems.add(
          "suppressed entry ("
              + k.row()
              + ", "
              + k.col()
              + ") can be recovered from the published row and column totals");
    }
    return problems;
  }

  /**
   * The hidden entries whose value the published entries determine: x_u is determined when the unit
   * vector e_u lies in the row space of the line equations restricted to hidden entries (Gaussian
   * elimination; coefficients are 0 and ±1).
   */
  public static List<Key> determined(Set<Key> keys, Set<Key> hidden) {
    List<Key> unknowns = new ArrayList<>(hidden);
    if (unknowns.isEmpty()) {
      return List.of();
    }
    Map<Key, Integer> index = new HashMap<>();
    for (int i = 0; i < unknowns.size(); i++) {
      index.put(unknowns.get(i), i);
    }
    List<double[]> rows = new ArrayList<>();
    for (List<Key> line : lines(keys)) {
      double[] eq = new double[unknowns.size()];
      boolean any = false;
      for (Key k : line) {
        Integer i = index.get(k);
        if (i != null) {
          eq[i] = isTotalOf(k, line) ? -1 : 1;
          any = true;
        }
      }
      if (any) {
        rows.add(eq);
      }
    }
    List<double[]> basis = echelon(rows);
    List<Key> out = new ArrayList<>();
    for (int u = 0; u < unknowns.size(); u++) {
      double[] e = new double[unknowns.size()];
      e[u] = 1;
      if (reducesToZero(e, basis)) {
        out.add(unknowns.get(u));
      }
    }
    return out;
  }

  /** Every row and every column of the table, margins included, as lists of keys. */
  static List<List<Key>> lines(Set<Key> keys) {
    Map<String, List<Key>> byRow = new LinkedHashMap<>();
    Map<String, List<Key>> byCol = new LinkedHashMap<>();
    for (Key k : keys) {
      byRow.computeIfAbsent("r:" + k.row(), x -> new ArrayList<>()).add(k);
      byCol.computeIfAbsent("c:" + k.col(), x -> new ArrayList<>()).add(k);
    }
    List<List<Key>> out = new ArrayList<>(byRow.values());
    out.addAll(byCol.values());
    return out;
  }

  /** Whether a key is the total of its line (the entry in the TOTAL column or row). */
  private static boolean isTotalOf(Key k, List<Key> line) {
    boolean isRowLine = line.stream().allMatch(x -> x.row().equals(line.get(0).row()));
    boolean isColLine = line.stream().allMatch(x -> x.col().equals(line.get(0).col()));
    if (isRowLine && !isColLine) {
      return TOTAL.equals(k.col());
    }
    if (isColLine && !isRowLine) {
      return TOTAL.equals(k.row());
    }
    // a line of one entry: a row line if its column is the total
    return TOTAL.equals(k.col()) || TOTAL.equals(k.row());
  }

  private static boolean isMargin(Key k) {
    return TOTAL.equals(k.row()) || TOTAL.equals(k.col());
  }

  /** The smallest open entry (n &gt; 0, not hidden) of a line: interior if any, else its total. */
  private static Optional<Key> smallestOpen(
      List<Key> line, Map<Key, Long> n, Map<Key, Reason> out) {
    Comparator<Key> bySize = Comparator.<Key>comparingLong(n::get).thenComparing(ORDER);
    Optional<Key> interior =
        line.stream()
            .filter(k -> !out.containsKey(k) && n.get(k) > 0)
            .filter(k -> !isMargin(k))
            .min(bySize);
    if (interior.isPresent()) {
      return interior;
    }
    return line.stream().filter(k -> !out.containsKey(k) && n.get(k) > 0).min(bySize);
  }

  private static List<double[]> echelon(List<double[]> rows) {
    List<double[]> m = new ArrayList<>();
    for (double[] r : rows) {
      m.add(r.clone());
    }
    List<double[]> basis = new ArrayList<>();
    int cols = m.isEmpty() ? 0 : m.get(0).length;
    for (int c = 0; c < cols && !m.isEmpty(); c++) {
      int pivot = -1;
      for (int r = 0; r < m.size(); r++) {
        if (Math.abs(m.get(r)[c]) > 1e-9) {
          pivot = r;
          break;
        }
      }
      if (pivot < 0) {
        continue;
      }
      double[] p = m.remove(pivot);
      double lead = p[c];
      for (int j = 0; j < cols; j++) {
        p[j] /= lead;
      }
      for (double[] r : m) {
        double f = r[c];
        if (f != 0) {
          for (int j = 0; j < cols; j++) {
            r[j] -= f * p[j];
          }
        }
      }
      for (double[] b : basis) {
        double f = b[c];
        if (f != 0) {
          for (int j = 0; j < cols; j++) {
            b[j] -= f * p[j];
          }
        }
      }
      basis.add(p);
    }
    return basis;
  }

  private static boolean reducesToZero(double[] v, List<double[]> basis) {
    double[] r = v.clone();
    for (double[] b : basis) {
      int lead = 0;
      while (lead < b.length && Math.abs(b[lead]) < 1e-9) {
        lead++;
      }
      if (lead < b.length && r[lead] != 0) {
        double f = r[lead];
        for (int j = 0; j < r.length; j++) {
          r[j] -= f * b[j];
        }
      }
    }
    for (double x : r) {
      if (Math.abs(x) > 1e-9) {
        return false;
      }
    }
    return true;
  }
}
