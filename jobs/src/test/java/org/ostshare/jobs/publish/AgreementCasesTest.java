package org.ostshare.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.AgreementBinder;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.publish.Delivery;
import org.ostshare.common.publish.MeasureSettings;
import org.ostshare.common.publish.Reason;
import org.ostshare.common.publish.Scope;
import org.ostshare.common.publish.SourceData;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.schema.SharedDomain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.common.time.Period;

/**
 * Table-driven agreement cases (Apache Ranger style): each file under {@code agreement-cases/}
 * holds agreements, input rows and the exact students, columns and values each partner must and
 * must not receive, or the refusal expected before any data is read. {@code _district.conf} is the
 * shared district the cases override.
 */
class AgreementCasesTest {
  private static final String DIR = "agreement-cases";

  @TestFactory
  Stream<DynamicTest> cases() throws URISyntaxException {
    File dir = new File(getClass().getClassLoader().getResource(DIR).toURI());
    File[] files = dir.listFiles((d, n) -> n.endsWith(".conf") && !n.startsWith("_"));
    assertThat(files).isNotEmpty();
    Arrays.sort(files);
    Config district = ConfigFactory.parseFile(new File(dir, "_district.conf"));
    return Arrays.stream(files)
        .map(
            f -> {
              Config c = ConfigFactory.parseFile(f).withFallback(district).resolve();
              return DynamicTest.dynamicTest(
                  f.getName() + ": " + c.getString("name"), () -> run(f.getName(), c));
            });
  }

  private void run(String file, Config c) {
    SparkSession spark = TestSpark.get();
    String period = c.getString("period");
    LocalDate asOf = LocalDate.parse(c.getString("as-of"));
    Map<String, String> env = new HashMap<>();
    c.getObject("env")
        .forEach(
            (k, v) -> {
              if (v.unwrapped() != null) {
                env.put(k, String.valueOf(v.unwrapped()));
              }
            });
    Set<String> partners = new HashSet<>();
    for (ConfigObject p : c.getObjectList("data.partners")) {
      partners.add(p.get(Cols.PARTNER_ID).unwrapped().toString());
    }
    AgreementBinder.Context context =
        new AgreementBinder.Context(partners, env, "OSTSHARE_KEY_{partner}");

    List<ConfigValue> values = new ArrayList<>();
    if (c.hasPath("agreements")) {
      values.addAll(c.getList("agreements"));
    } else {
      values.add(c.getValue("agreement"));
    }

    if (c.hasPath("expect.refused")) {
      Throwable t =
          catchThrowable(
              () -> {
                for (ConfigValue v : values) {
                  bind(v, file, context);
                }
              });
      assertThat(t).as("refused").isInstanceOf(OstshareException.class);
      assertThat(((OstshareException) t).kind()).isEqualTo(OstshareException.Kind.AGREEMENT);
      for (String part : c.getStringList("expect.refused")) {
        assertThat(t.getMessage()).contains(part);
      }
      assertThat(t.getMessage()).contains("Why:").contains("Fix:");
      if (c.hasPath("expect.not-in-message")) {
        for (String secret : c.getStringList("expect.not-in-message")) {
          assertThat(t.getMessage()).doesNotContain(secret);
        }
      }
      return;
    }

    Map<Domain, Dataset<Row>> tables = CaseDistrict.tables(spark, c, period);
    SourceData src = CaseDistrict.matched(tables);
    Map<String, Row> registry = new HashMap<>();
    for (Row r : tables.get(Domain.PARTNERS).collectAsList()) {
      registry.put(r.getAs(Cols.PARTNER_ID), r);
    }
    Set<String> allStudents = new TreeSet<>();
    Map<String, List<String>> identity = new HashMap<>();
    for (Row r : tables.get(Domain.STUDENTS).collectAsList()) {
      String id = r.getAs(Cols.STUDENT_ID);
      allStudents.add(id);
      identity.put(id, List.of(id, r.getAs(Cols.FIRST_NAME), r.getAs(Cols.LAST_NAME)));
    }

    List<Agreement> agreements = values.stream().map(v -> bind(v, file, context)).toList();
    List<Delivery.Plan> plans = new ArrayList<>();
    for (Agreement a : agreements) {
      Delivery.Plan plan =
          Delivery.plan(
              a,
              src,
              Period.parse(period),
              asOf,
              MeasureSettings.defaults(),
              Scope.partnerNotApproved(registry.get(a.partner()), a.partner(), asOf));
      String key = "expect." + a.partner();
      Config e = c.hasPath(key) ? c.getConfig(key) : ConfigFactory.empty();
      check(a, plan, e, allStudents, identity);
      plans.add(plan);
    }

    // the job's way gives every partner the same rows: decisions from the kept inputs, then the
    // data sets from the sources narrowed to the students that any partner receives
    try (DeliverySources sources = DeliverySources.share(src, asOf, 2)) {
      List<Delivery.Decisions> decided =
          agreements.stream()
              .map(
                  a ->
                      Delivery.decide(
                          a,
                          sources.full(),
                          Period.parse(period),
                          asOf,
                          Scope.partnerNotApproved(registry.get(a.partner()), a.partner(), asOf)))
              .toList();
      SourceData narrowed =
          sources.narrowTo(decided.stream().map(d -> Scope.delivered(d.decisions())).toList());
      for (int i = 0; i < agreements.size(); i++) {
        Delivery.Plan viaJob =
            Delivery.plan(
                decided.get(i), narrowed, Period.parse(period), MeasureSettings.defaults());
        assertSameRows(agreements.get(i).partner(), plans.get(i), viaJob);
      }
    }
  }

  private static void assertSameRows(String partner, Delivery.Plan expected, Delivery.Plan actual) {
    assertThat(actual.datasets().keySet()).isEqualTo(expected.datasets().keySet());
    assertThat(json(actual.decisions()))
        .as(partner + " decisions")
        .containsExactlyInAnyOrderElementsOf(json(expected.decisions()));
    for (SharedDomain d : expected.datasets().keySet()) {
      assertThat(json(actual.datasets().get(d)))
          .as(partner + " " + d.key())
          .containsExactlyInAnyOrderElementsOf(json(expected.datasets().get(d)));
    }
    assertThat(json(actual.reportCards()))
        .as(partner + " report cards")
        .containsExactlyInAnyOrderElementsOf(json(expected.reportCards()));
    assertThat(json(actual.disclosures()))
        .as(partner + " disclosures")
        .containsExactlyInAnyOrderElementsOf(json(expected.disclosures()));
  }

  private static List<String> json(Dataset<Row> rows) {
    return rows.toJSON().collectAsList();
  }

  private static Agreement bind(ConfigValue v, String file, AgreementBinder.Context context) {
    Config wrapped = ConfigFactory.empty().withValue("agreement", v);
    return AgreementBinder.bind(wrapped, file, context);
  }

  private void check(
      Agreement a,
      Delivery.Plan plan,
      Config e,
      Set<String> allStudents,
      Map<String, List<String>> identity) {
    String who = a.partner() + " under " + a.label();
    Set<String> delivered = new TreeSet<>();
    Map<String, Long> reasons = new HashMap<>();
    for (Row r : plan.decisions().collectAsList()) {
      String reason = r.getAs(Scope.REASON);
      reasons.merge(reason, 1L, Long::sum);
      if (Reason.valueOf(reason).delivered()) {
        delivered.add(r.getAs(Cols.STUDENT_ID));
      }
    }
    if (e.hasPath("delivered")) {
      assertThat(delivered)
          .as(who + ": delivered students")
          .containsExactlyInAnyOrderElementsOf(e.getStringList("delivered"));
    }
    if (e.hasPath("reasons")) {
      for (Map.Entry<String, ConfigValue> r : e.getObject("reasons").entrySet()) {
        assertThat(reasons.getOrDefault(r.getKey(), 0L))
            .as(who + ": students with reason " + r.getKey())
            .isEqualTo(((Number) r.getValue().unwrapped()).longValue());
      }
    }
    if (e.hasPath("withheld-because")) {
      assertThat(plan.withheldBecause()).as(who + ": withheld because").isPresent();
      assertThat(plan.withheldBecause().get()).contains(e.getString("withheld-because"));
    } else if (!delivered.isEmpty()) {
      assertThat(plan.withheldBecause()).as(who).isEqualTo(Optional.empty());
    }

    // default deny: exactly the listed domains, each with exactly its listed columns
    assertThat(plan.datasets().keySet()).containsExactlyElementsOf(a.domains());
    for (SharedDomain d : a.domains()) {
      List<String> listed = a.fields(d).stream().map(f -> f.field()).toList();
      assertThat(plan.datasets().get(d).columns())
          .as(who + ": columns of " + d.key())
          .containsExactlyElementsOf(listed);
    }
    if (e.hasPath("columns")) {
      for (String d : e.getObject("columns").keySet()) {
        assertThat(plan.datasets().get(SharedDomain.byKey(d).orElseThrow()).columns())
            .as(who + ": columns of " + d)
            .containsExactlyElementsOf(e.getStringList("columns." + d));
      }
    }
    if (e.hasPath("absent-columns")) {
      for (String d : e.getObject("absent-columns").keySet()) {
        assertThat(plan.datasets().get(SharedDomain.byKey(d).orElseThrow()).columns())
            .as(who + ": columns of " + d)
            .doesNotContainAnyElementsOf(e.getStringList("absent-columns." + d));
      }
    }
    if (e.hasPath("rows")) {
      for (String d : e.getObject("rows").keySet()) {
        Dataset<Row> ds = plan.datasets().get(SharedDomain.byKey(d).orElseThrow());
        assertThat(ds == null ? 0L : ds.count())
            .as(who + ": rows of " + d)
            .isEqualTo(e.getLong("rows." + d));
      }
    }
    if (e.hasPath("values")) {
      for (String d : e.getObject("values").keySet()) {
        for (String f : e.getObject("values." + d).keySet()) {
          Set<String> seen = new TreeSet<>();
          for (Row r : plan.datasets().get(SharedDomain.byKey(d).orElseThrow()).collectAsList()) {
            seen.add(String.valueOf((Object) r.getAs(f)));
          }
          assertThat(seen)
              .as(who + ": values of " + d + "." + f)
              .containsExactlyInAnyOrderElementsOf(e.getStringList("values." + d + "." + f));
        }
      }
    }
    Map<String, Row> students = new HashMap<>();
    if (plan.datasets().containsKey(SharedDomain.STUDENT)
        && Arrays.asList(plan.datasets().get(SharedDomain.STUDENT).columns())
            .contains(Cols.STUDENT_ID)) {
      for (Row r : plan.datasets().get(SharedDomain.STUDENT).collectAsList()) {
        students.put(r.getAs(Cols.STUDENT_ID), r);
      }
    }
    if (e.hasPath("withheld")) {
      for (String s : e.getObject("withheld").keySet()) {
        assertThat(students).as(who + ": student row of " + s).containsKey(s);
        for (String f : e.getStringList("withheld." + s)) {
          assertThat((Object) students.get(s).getAs(f)).as(who + ": " + s + "." + f).isNull();
        }
      }
    }
    if (e.hasPath("present")) {
      for (String s : e.getObject("present").keySet()) {
        assertThat(students).as(who + ": student row of " + s).containsKey(s);
        for (String f : e.getStringList("present." + s)) {
          assertThat((Object) students.get(s).getAs(f)).as(who + ": " + s + "." + f).isNotNull();
        }
      }
    }

    // nothing about a student who is not delivered appears anywhere in the delivery
    List<String> published = new ArrayList<>();
    plan.datasets().values().forEach(ds -> published.addAll(ds.toJSON().collectAsList()));
    published.addAll(plan.reportCards().toJSON().collectAsList());
    for (String s : allStudents) {
      if (delivered.contains(s)) {
        continue;
      }
      for (String v : identity.get(s)) {
        for (String json : published) {
          assertThat(json).as(who + ": trace of undelivered " + s).doesNotContain("\"" + v + "\"");
        }
      }
    }
    assertThat(plan.reportCards().count()).as(who + ": report cards").isEqualTo(delivered.size());
    assertThat(plan.disclosures().count()).as(who + ": disclosures").isEqualTo(delivered.size());
  }
}
