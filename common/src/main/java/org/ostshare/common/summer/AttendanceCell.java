package org.ostshare.common.summer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ostshare.common.privacy.Suppression;

/**
 * Fall chronic absence of one grade and dosage group: students with enough days enrolled to be
 * measured (n) and how many of them were chronically absent. Additive across districts.
 */
public record AttendanceCell(String grade, String group, long n, long chronic)
    implements Serializable {

  public double share() {
    return n == 0 ? Double.NaN : (double) chronic / n;
  }

  /** One published row; share is null when suppressed. */
  public record Published(
      String grade, String group, Long n, Double shareChronic, boolean suppressed, String reason)
      implements Serializable {}

  /** Adds grade and group totals, then suppresses the grade × group table. */
  public static List<Published> publish(List<AttendanceCell> cells, int minCell) {
    Map<Suppression.Key, long[]> all = new LinkedHashMap<>();
    for (AttendanceCell c : cells) {
      for (String g : List.of(c.grade(), Cell.ALL)) {
        for (String d : List.of(c.group(), Cell.ALL)) {
          long[] v = all.computeIfAbsent(new Suppression.Key(g, d), k -> new long[2]);
          v[0] += c.n();
          v[1] += c.chronic();
        }
      }
    }
    List<Suppression.Entry> entries = new ArrayList<>();
    all.forEach((k, v) -> entries.add(new Suppression.Entry(k.row(), k.col(), v[0])));
    Suppression.Decisions d = Suppression.apply(entries, minCell);
    List<Published> out = new ArrayList<>();
    all.forEach(
        (k, v) -> {
          var reason = d.reason(k.row(), k.col());
          out.add(
              reason.isPresent()
                  ? new Published(k.row(), k.col(), null, null, true, reason.get().name())
                  : new Published(
                      k.row(),
                      k.col(),
                      v[0],
                      v[0] == 0 ? null : (double) v[1] / v[0],
                      false,
                      null));
        });
    return out;
  }

  /** Re-checks a published attendance table. */
  public static List<String> verify(List<Published> table, int minCell) {
    return Suppression.verify(
        table.stream()
            .map(p -> new Suppression.Published(p.grade(), p.group(), p.n(), p.suppressed()))
            .toList(),
        minCell);
  }
}
