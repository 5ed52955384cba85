package org.ostshare.common.summer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ostshare.common.privacy.Suppression;

/**
 * Turns cells (with margins) into the published descriptive table, suppressed. The table is read as
 * several two-way tables with totals, and they share entries, so suppression is decided for all of
 * them together until no table changes:
 *
 * <ul>
 *   <li>per subject and dosage basis: grade (rows, ALL = total) × dosage group (columns, ALL =
 *       total), overall subgroup;
 *   <li>per subject and subgroup variable: value (rows; the overall row is the total) × dosage
 *       group, all grades, days basis.
 * </ul>
 *
 * The column total (group ALL) of the hours basis is the same population as the days basis, so both
 * are one entry. {@link #verify} re-reads a published table the same way.
 */
public final class Publication {
  private Publication() {}

  /** One row of the published descriptive table; statistics are null when suppressed. */
  public record Row(
      Cell.Key key,
      Long n,
      Double meanSpring,
      Double meanFall,
      Double meanChange,
      Double sdChange,
      Double shareLostGround,
      Double shareOfGainLost,
      Double meanFallZ,
      boolean suppressed,
      String reason)
      implements Serializable {}

  /** The published cells: those of the two-way tables above, in a stable order. */
  public static List<Row> descriptive(List<Cell> cellsWithMargins, int minCell) {
    Map<Cell.Key, CellStats> cells = new LinkedHashMap<>();
    for (Cell c : cellsWithMargins) {
      if (isPublished(c.key())) {
        cells.put(c.key(), c.stats());
      }
    }
    Map<Cell.Key, Suppression.Reason> hidden = new HashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, List<Cell.Key>> table : tables(cells.keySet()).entrySet()) {
        List<Suppression.Entry> entries = new ArrayList<>();
        Map<Suppression.Key, Cell.Key> back = new HashMap<>();
        Set<Suppression.Key> forced = new HashSet<>();
        for (Cell.Key k : table.getValue()) {
          Suppression.Key sk = twoWay(k);
          entries.add(new Suppression.Entry(sk.row(), sk.col(), cells.get(k).n()));
          back.put(sk, k);
          if (hidden.containsKey(identity(k))) {
            forced.add(sk);
          }
        }
        Suppression.Decisions d = Suppression.apply(entries, minCell, forced);
        for (Map.Entry<Suppression.Key, Suppression.Reason> e : d.suppressed().entrySet()) {
          Cell.Key id = identity(back.get(e.getKey()));
          if (!hidden.containsKey(id)) {
            hidden.put(id, e.getValue());
            changed = true;
          }
        }
      }
    }
    List<Row> out = new ArrayList<>();
    for (Map.Entry<Cell.Key, CellStats> e : cells.entrySet()) {
      Suppression.Reason r = hidden.get(identity(e.getKey()));
      CellStats s = e.getValue();
      if (r != null) {
        out.add(
            new Row(e.getKey(), null, null, null, null, null, null, null, null, true, r.name()));
      } else {
        out.add(
            new Row(
                e.getKey(),
                s.n(),
                finite(s.spring().mean()),
                finite(s.fall().mean()),
                finite(s.change().mean()),
                finite(s.change().sd()),
                finite(s.shareLostGround()),
                finite(s.shareOfGainLost()),
                finite(s.fallZ().mean()),
                false,
                null));
      }
    }
    return out;
  }

  /**
   * Re-checks a published descriptive table (as written): every two-way table it contains must pass
   * {@link Suppression#verify}. Returns the problems, each naming its table.
   */
  public static List<String> verify(List<Row> published, int minCell) {
    Map<Cell.Key, Row> byKey = new LinkedHashMap<>();
    published.forEach(r -> byKey.put(r.key(), r));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, List<Cell.Key>> table : tables(byKey.keySet()).entrySet()) {
      List<Suppression.Published> rows = new ArrayList<>();
      for (Cell.Key k : table.getValue()) {
        Row r = byKey.get(k);
        Suppression.Key sk = twoWay(k);
        rows.add(new Suppression.Published(sk.row(), sk.col(), r.n(), r.suppressed()));
      }
      for (String p : Suppression.verify(rows, minCell)) {
        problems.add(table.getKey() + ": " + p);
      }
    }
    return problems;
  }

  /** Cells that appear in the published table. */
  static boolean isPublished(Cell.Key k) {
    if (k.variable().equals(Cell.ALL)) {
      return true; // by grade, either basis
    }
    return k.basis().equals(Cell.DAYS) && k.grade().equals(Cell.ALL);
  }

  /**
   * The two-way tables (name → keys) made of published keys, by name: suppression visits them in
   * this order, so the decisions do not depend on the order the cells came in (Spark's).
   */
  static Map<String, List<Cell.Key>> tables(Set<Cell.Key> keys) {
    Map<String, List<Cell.Key>> out = new TreeMap<>();
    Set<String> variables = new TreeSet<>();
    for (Cell.Key k : keys) {
      if (k.variable().equals(Cell.ALL)) {
        out.computeIfAbsent(
                "subject " + k.subject() + ", " + k.basis() + " by grade", x -> new ArrayList<>())
            .add(k);
      } else {
        variables.add(k.subject() + "\u0000" + k.variable());
      }
    }
    for (String sv : variables) {
      String subject = sv.substring(0, sv.indexOf('\u0000'));
      String variable = sv.substring(sv.indexOf('\u0000') + 1);
      List<Cell.Key> t = new ArrayList<>();
      for (Cell.Key k : keys) {
        boolean overall =
            k.variable().equals(Cell.ALL)
                && k.basis().equals(Cell.DAYS)
                && k.grade().equals(Cell.ALL);
        if (k.subject().equals(subject) && (k.variable().equals(variable) || overall)) {
          t.add(k);
        }
      }
      out.put("subject " + subject + " by " + variable, t);
    }
    return out;
  }

  /** Row and column of a key in its two-way table. */
  static Suppression.Key twoWay(Cell.Key k) {
    if (k.variable().equals(Cell.ALL) && !k.grade().equals(Cell.ALL)) {
      return new Suppression.Key(k.grade(), k.group());
    }
    if (k.variable().equals(Cell.ALL)) {
      // the total row of both kinds of table
      return new Suppression.Key(Suppression.TOTAL, k.group());
    }
    if (!k.grade().equals(Cell.ALL)) {
      return new Suppression.Key(k.grade(), k.group());
    }
    return new Suppression.Key(k.value(), k.group());
  }

  /** The population a key stands for: the hours basis's group totals are the days basis's. */
  static Cell.Key identity(Cell.Key k) {
    if (k.group().equals(Cell.ALL) && k.basis().equals(Cell.HOURS)) {
      return new Cell.Key(k.subject(), Cell.DAYS, k.variable(), k.value(), k.grade(), k.group());
    }
    return k;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
