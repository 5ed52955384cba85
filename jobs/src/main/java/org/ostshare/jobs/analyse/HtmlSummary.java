package org.ostshare.jobs.analyse;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.ostshare.common.schema.CodeSet;
import org.ostshare.common.stats.Coefficient;
import org.ostshare.common.summer.Cell;
import org.ostshare.common.summer.DosageGroup;
import org.ostshare.common.summer.Effects;
import org.ostshare.common.summer.Publication;

/**
 * A short, self-contained HTML summary (no scripts, no external files): the two charts a researcher
 * looks at first, drawn as inline SVG from published (suppressed) numbers only: mean summer change
 * by grade and dosage group, and the group effects in SD units with their school-clustered 95%
 * intervals beside the naive gap.
 */
public final class HtmlSummary {
  private HtmlSummary() {}

  static final String[] COLOURS = {"#8c8c8c", "#d9a441", "#4f8fc0", "#1d5a8c"};

  private static final String TEMPLATE =
      """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
      <style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}
      table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
      .note{color:#555;font-size:90%}</style></head><body>
      <h1>{{title}}</h1>
      <p>District <b>{{district}}</b>. Cells with fewer than {{minCell}} students are suppressed,
      with complementary cells so that no suppressed value can be recovered from totals.</p>
      {{#subjects}}
      <h2>{{subject}}</h2>
      <h3>Mean summer change (fall − spring, scale points) by grade and dosage group</h3>
      {{{changeChart}}}
      <h3>Effect against non-participants (SD of the fall score, 95% interval, school-clustered)</h3>
      {{{effectChart}}}
      <table><tr><th>group</th><th>n</th><th>adjusted (SD)</th><th>95% interval</th><th>naive gap (SD, descriptive)</th></tr>
      {{#effects}}<tr><td>{{group}}</td><td>{{n}}</td><td>{{estimate}}</td><td>{{interval}}</td><td>{{naive}}</td></tr>
      {{/effects}}</table>
      {{/subjects}}
      <p class="note">Adjusted: OLS of the fall score on the spring score, grade, demographics and
      dosage group; effects divided by the pooled within-grade SD of the fall score. The naive gap
      (difference in mean fall z-score from non-participants) is descriptive, not causal: families
      choose summer programmes, and attendance depends on prior scores and income.</p>
      </body></html>
      """;

  public static String render(
      String title,
      String district,
      List<Publication.Row> published,
      List<Effects.GroupEffect> effects,
      int minCell) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("title", title);
    scope.put("district", district);
    scope.put("minCell", minCell);
    List<Map<String, Object>> subjects = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    published.forEach(r -> names.add(r.key().subject()));
    for (String subject : names) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("subject", subject);
      s.put("changeChart", changeChart(published, subject));
      List<Effects.GroupEffect> mine =
          effects.stream()
              .filter(e -> e.subject().equals(subject) && e.basis().equals(Cell.DAYS))
              .toList();
      s.put("effectChart", effectChart(mine));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Effects.GroupEffect e : mine) {
        Coefficient c = e.clusterSd();
        rows.add(
            Map.of(
                "group", e.group(),
                "n", e.n(),
                "estimate", fmt(c.estimate()),
                "interval", "[" + fmt(c.lower()) + ", " + fmt(c.upper()) + "]",
                "naive", fmt(e.naiveGapSd())));
      }
      s.put("effects", rows);
      subjects.add(s);
    }
    scope.put("subjects", subjects);
    Mustache m = new DefaultMustacheFactory().compile(new StringReader(TEMPLATE), "summary");
    StringWriter out = new StringWriter();
    m.execute(out, scope);
    return out.toString();
  }

  /** Grouped bars: one group of bars per grade, one bar per dosage group; gaps where suppressed. */
  static String changeChart(List<Publication.Row> rows, String subject) {
    List<String> grades = new ArrayList<>();
    for (String g : CodeSet.GRADE_LEVEL.codes()) {
      if (rows.stream().anyMatch(r -> matches(r, subject, g, null))) {
        grades.add(g);
      }
    }
    grades.add(Cell.ALL);
    double max = 1;
    for (Publication.Row r : rows) {
      if (r.key().subject().equals(subject) && r.meanChange() != null) {
        max = Math.max(max, Math.abs(r.meanChange()));
      }
    }
    int w = 60 + grades.size() * 70;
    int h = 220;
    double mid = 110;
    double scale = 90 / max;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            w,
            h + 30));
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"50\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>",
            mid,
            w,
            mid));
    b.append(
        String.format(
            Locale.ROOT, "<text x=\"5\" y=\"%.1f\" font-size=\"10\">+%.1f</text>", mid - 90, max));
    b.append(
        String.format(
            Locale.ROOT, "<text x=\"5\" y=\"%.1f\" font-size=\"10\">−%.1f</text>", mid + 94, max));
    for (int gi = 0; gi < grades.size(); gi++) {
      String g = grades.get(gi);
      double x0 = 60 + gi * 70;
      for (DosageGroup d : DosageGroup.values()) {
        Publication.Row r =
            rows.stream().filter(x -> matches(x, subject, g, d.name())).findFirst().orElse(null);
        double x = x0 + d.ordinal() * 14;
        if (r == null || r.meanChange() == null) {
          continue;
        }
        double v = r.meanChange() * scale;
        b.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"%.1f\" fill=\"%s\"><title>grade %s, %s: %.2f (n=%d)</title></rect>",
                x,
                v >= 0 ? mid - v : mid,
                Math.abs(v),
                COLOURS[d.ordinal()],
                g,
                d.name(),
                r.meanChange(),
                r.n()));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
              x0 + 10,
              h + 5,
              g.equals(Cell.ALL) ? "all" : "gr " + g));
    }
    for (DosageGroup d : DosageGroup.values()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>",
              60 + d.ordinal() * 110,
              h + 15,
              COLOURS[d.ordinal()],
              74 + d.ordinal() * 110,
              h + 24,
              d.name()));
    }
    return b.append("</svg>").toString();
  }

  /** Forest plot: estimate and interval per group, a diamond for the naive gap, a line at 0. */
  static String effectChart(List<Effects.GroupEffect> effects) {
    double lo = -0.2;
    double hi = 0.3;
    for (Effects.GroupEffect e : effects) {
      Coefficient c = e.clusterSd();
      if (Double.isFinite(c.lower())) {
        lo = Math.min(lo, c.lower());
        hi = Math.max(hi, c.upper());
      }
      if (Double.isFinite(e.naiveGapSd())) {
        lo = Math.min(lo, e.naiveGapSd());
        hi = Math.max(hi, e.naiveGapSd());
      }
    }
    int w = 560;
    int h = 40 + effects.size() * 30;
    double left = 110;
    double span = w - left - 20;
    double lo0 = lo;
    double hi0 = hi;
    java.util.function.DoubleUnaryOperator x = v -> left + (v - lo0) / (hi0 - lo0) * span;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            w,
            h));
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>",
            x.applyAsDouble(0),
            x.applyAsDouble(0),
            h - 20));
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">0</text>",
            x.applyAsDouble(0) - 3,
            h - 5));
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%.2f</text><text x=\"%.1f\" y=\"%d\" font-size=\"10\">%.2f</text>",
            left,
            h - 5,
            lo,
            (double) w - 45,
            h - 5,
            hi));
    for (int i = 0; i < effects.size(); i++) {
      Effects.GroupEffect e = effects.get(i);
      Coefficient c = e.clusterSd();
      double y = 25 + i * 30;
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"5\" y=\"%.1f\" font-size=\"11\">%s</text>",
              y + 4,
              e.group()));
      if (Double.isFinite(c.estimate())) {
        b.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1d5a8c\" stroke-width=\"2\"/>",
                x.applyAsDouble(c.lower()),
                y,
                x.applyAsDouble(c.upper()),
                y));
        b.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1d5a8c\"><title>%s adjusted %.3f [%.3f, %.3f]</title></circle>",
                x.applyAsDouble(c.estimate()),
                y,
                e.group(),
                c.estimate(),
                c.lower(),
                c.upper()));
      }
      if (Double.isFinite(e.naiveGapSd())) {
        double nx = x.applyAsDouble(e.naiveGapSd());
        b.append(
            String.format(
                Locale.ROOT,
                "<path d=\"M%.1f %.1f l5 5 l-5 5 l-5 -5 z\" fill=\"#c0504d\"><title>naive gap %.3f (descriptive)</title></path>",
                nx,
                y - 5,
                e.naiveGapSd()));
      }
    }
    return b.append("</svg>").toString();
  }

  private static boolean matches(Publication.Row r, String subject, String grade, String group) {
    Cell.Key k = r.key();
    return k.subject().equals(subject)
        && k.basis().equals(Cell.DAYS)
        && k.variable().equals(Cell.ALL)
        && k.grade().equals(grade)
        && (group == null || k.group().equals(group));
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–";
  }
}
