package org.ostshare.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.AgreementBinder;
import org.ostshare.common.agreement.Basis;
import org.ostshare.common.agreement.FieldRule;
import org.ostshare.common.agreement.ServedRule;
import org.ostshare.common.agreement.Transform;
import org.ostshare.common.publish.Delivery;
import org.ostshare.common.publish.MeasureSettings;
import org.ostshare.common.publish.Pseudonym;
import org.ostshare.common.publish.Reason;
import org.ostshare.common.publish.Scope;
import org.ostshare.common.schema.CodeSet;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.schema.SharedDomain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.common.time.Period;

/**
 * Property over a randomly generated small district (seeded): for every partner, the students
 * delivered are exactly those a plain-Java reading of DOMAIN.md's rules allows, every published
 * column is one its agreement lists, and directory fields are withheld exactly when they must be.
 */
class PublishPropertyTest {
  private static final Period Q3 = Period.parse("2025-Q3");
  private static final LocalDate AS_OF = Q3.end();
  private static final String[] GRADES = CodeSet.GRADE_LEVEL.codes().toArray(String[]::new);
  private static final String[] BASES = {
    "consent", "school-official", "studies", "directory", "school-official", "consent"
  };
  private static final String[] SERVED = {
    "overlaps-period", "active-on-as-of", "grace", "overlaps-period", "grace", "active-on-as-of"
  };

  private record Enrol(String student, String program, LocalDate begin, LocalDate end) {}

  private record Dated(String student, String kind, LocalDate from, LocalDate to) {}

  @Test
  void everyPublishedStudentIsServedAndEveryColumnIsAgreed() {
    for (long seed : new long[] {7L, 20250701L}) {
      check(seed);
    }
  }

  private void check(long seed) {
    SparkSession spark = TestSpark.get();
    Random rnd = new Random(seed);
    int n = 80;
    LocalDate base = LocalDate.parse("2025-05-01");

    // ---- registry: statuses and dates chosen so that every approval rule is exercised
    String[][] partners = {
      {"P001", "APPROVED", "2025-01-15", null, null},
      {"P002", "APPROVED", "2025-03-01", null, "2026-06-30"},
      {"P003", "APPROVED", "2025-02-01", null, null},
      {"P004", "SUSPENDED", "2024-06-01", "2025-08-01", null},
      {"P005", "APPROVED", "2024-01-01", null, "2025-06-30"},
      {"P006", "APPROVED", "2025-10-15", null, null},
    };
    Map<Domain, List<Row>> rows = new EnumMap<>(Domain.class);
    for (Domain d : Domain.values()) {
      rows.put(d, new ArrayList<>());
    }
    for (String[] p : partners) {
      rows.get(Domain.PARTNERS)
          .add(
              RowFactory.create(
                  p[0],
                  "Partner " + p[0],
                  p[1],
                  null,
                  date(p[2]),
                  date(p[3]),
                  date(p[4]),
                  "2025-Q3"));
    }
    rows.get(Domain.SCHOOLS)
        .add(RowFactory.create("SCH1", "School One", "OTHER", "PK", "12", "2025-Q3"));

    // ---- students, enrolments (some ended before the as-of date), opt-outs
    Map<String, String> grade = new HashMap<>();
    List<Dated> optOuts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = String.format("S%03d", i);
      rows.get(Domain.STUDENTS)
          .add(
              RowFactory.create(
                  s,
                  "First" + word(i),
                  null,
                  "Last" + word(i),
                  Date.valueOf("2015-01-01"),
                  "F",
                  null,
                  false,
                  false,
                  false,
                  "Addr" + i,
                  "Phone" + i,
                  "2025-Q3"));
      String g = GRADES[rnd.nextInt(GRADES.length)];
      LocalDate exit = rnd.nextInt(8) == 0 ? LocalDate.parse("2025-09-10") : null;
      rows.get(Domain.ENROLLMENTS)
          .add(
              RowFactory.create(
                  s,
                  "SCH1",
                  2026,
                  g,
                  Date.valueOf("2025-08-25"),
                  exit == null ? null : Date.valueOf(exit),
                  "2025-Q3"));
      grade.put(s, g);
      for (String type : List.of("ALL_SHARING", "DIRECTORY")) {
        if (rnd.nextInt(6) == 0) {
          LocalDate eff = base.plusDays(rnd.nextInt(200));
          LocalDate rev = rnd.nextBoolean() ? eff.plusDays(rnd.nextInt(200)) : null;
          optOuts.add(new Dated(s, type, eff, rev));
          rows.get(Domain.OPT_OUTS)
              .add(
                  RowFactory.create(
                      s,
                      type,
                      Date.valueOf(eff),
                      rev == null ? null : Date.valueOf(rev),
                      "2025-Q3"));
        }
      }
    }

    // ---- programmes, rosters (some rows without a district id), consents
    Map<String, String> programPartner = new HashMap<>();
    Map<String, LocalDate> programEnd = new HashMap<>();
    for (String[] p : partners) {
      for (int k = 1; k <= 2; k++) {
        String prog = p[0] + "-PR" + k;
        LocalDate begin = base.plusDays(rnd.nextInt(150));
        LocalDate end = begin.plusDays(10 + rnd.nextInt(200));
        programPartner.put(prog, p[0]);
        programEnd.put(prog, end);
        rows.get(Domain.PROGRAMS)
            .add(
                RowFactory.create(
                    prog,
                    p[0],
                    "Programme " + prog,
                    "OTHER",
                    null,
                    Date.valueOf(begin),
                    Date.valueOf(end),
                    null,
                    null,
                    "2025-Q3"));
      }
    }
    List<String> programs = new ArrayList<>(new TreeSet<>(programPartner.keySet()));
    List<Enrol> enrols = new ArrayList<>();
    List<Dated> consents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String s = String.format("S%03d", i);
      int k = rnd.nextInt(4);
      for (int j = 0; j < k; j++) {
        String prog = programs.get(rnd.nextInt(programs.size()));
        LocalDate begin = base.plusDays(rnd.nextInt(200));
        LocalDate end = rnd.nextInt(3) == 0 ? null : begin.plusDays(rnd.nextInt(120));
        enrols.add(new Enrol(s, prog, begin, end));
        boolean byName = rnd.nextInt(5) == 0;
        rows.get(Domain.PROGRAM_ENROLLMENTS)
            .add(
                RowFactory.create(
                    prog,
                    byName ? null : s,
                    byName ? "FIRST" + word(i).toUpperCase() : null,
                    byName ? "last" + word(i) : null,
                    byName ? Date.valueOf("2015-01-01") : null,
                    null,
                    Date.valueOf(begin),
                    end == null ? null : Date.valueOf(end),
                    "2025-Q3"));
      }
      for (String[] p : partners) {
        if (rnd.nextInt(3) == 0) {
          LocalDate granted = base.plusDays(rnd.nextInt(200));
          LocalDate revoked = rnd.nextBoolean() ? granted.plusDays(rnd.nextInt(200)) : null;
          consents.add(new Dated(s, p[0], granted, revoked));
          rows.get(Domain.CONSENTS)
              .add(
                  RowFactory.create(
                      s,
                      p[0],
                      Date.valueOf(granted),
                      revoked == null ? null : Date.valueOf(revoked),
                      "2025-Q3"));
        }
      }
    }
    Map<Domain, Dataset<Row>> tables = new EnumMap<>(Domain.class);
    rows.forEach((d, r) -> tables.put(d, spark.createDataFrame(r, d.conformedSchema())));
    var src = CaseDistrict.matched(tables);

    // ---- one agreement per partner, bases, served rules, scopes and transforms varied
    Map<String, String> env = new HashMap<>();
    Set<String> ids = new TreeSet<>();
    for (String[] p : partners) {
      ids.add(p[0]);
      env.put("OSTSHARE_KEY_" + p[0], "property-test-key-" + p[0] + "-0123456789abcdef");
    }
    for (int i = 0; i < partners.length; i++) {
      String partner = partners[i][0];
      String basis = BASES[i];
      List<String> scope = new ArrayList<>();
      for (String g : GRADES) {
        if (rnd.nextInt(3) > 0) {
          scope.add("\"" + g + "\"");
        }
      }
      boolean pseudonym = rnd.nextBoolean();
      String fields =
          basis.equals("directory")
              ? "student = [student_id, first_name, last_name, grade_level]"
              : "student = [student_id, first_name, last_name, phone, grade_level, gender]\n"
                  + "ost = [student_id, program_id, days_attended]\n"
                  + "enrollments = [student_id, grade_level]";
      String text =
          "agreement {\n id = \"DSA-P-"
              + partner
              + "\", version = 1, partner = \""
              + partner
              + "\", basis = "
              + basis
              + "\n purpose = \"property\", signed = 2025-06-01, effective = 2025-07-01, expires = "
              + (i == 2 ? "2025-09-15" : "2026-06-30")
              + "\n destroy-after = 30 days"
              + "\n scope { grades = ["
              + String.join(", ", scope)
              + "], served = "
              + SERVED[i]
              + (SERVED[i].equals("grace") ? ", grace = " + (1 + rnd.nextInt(60)) + " days" : "")
              + " }\n fields {\n"
              + fields
              + "\n }\n"
              + (pseudonym || basis.equals("directory")
                  ? " transform { student_id = pseudonym }\n"
                  : "")
              + "}\n";
      Agreement a =
          AgreementBinder.bind(
              text,
              "generated-" + partner,
              new AgreementBinder.Context(ids, env, "OSTSHARE_KEY_{partner}"));
      Map<String, Row> registry = new HashMap<>();
      for (Row r : tables.get(Domain.PARTNERS).collectAsList()) {
        registry.put(r.getAs(Cols.PARTNER_ID), r);
      }
      Delivery.Plan plan =
          Delivery.plan(
              a,
              src,
              Q3,
              AS_OF,
              MeasureSettings.defaults(),
              Scope.partnerNotApproved(registry.get(partner), partner, AS_OF));

      // ---- oracle
      String[] reg = partners[i];
      boolean approved =
          reg[1].equals("APPROVED")
              && !LocalDate.parse(reg[2]).isAfter(AS_OF)
              && (reg[3] == null || LocalDate.parse(reg[3]).isAfter(AS_OF))
              && (reg[4] == null || !LocalDate.parse(reg[4]).isBefore(AS_OF));
      Set<String> expected = new TreeSet<>();
      Set<String> withheld = new TreeSet<>();
      if (approved && a.inForce(AS_OF)) {
        for (Enrol e : enrols) {
          if (!programPartner.get(e.program()).equals(partner)
              || !served(a, e, programEnd.get(e.program()))) {
            continue;
          }
          String s = e.student();
          boolean allOut =
              optOuts.stream()
                  .anyMatch(
                      o -> o.student().equals(s) && o.kind().equals("ALL_SHARING") && inEffect(o));
          boolean dirOut =
              optOuts.stream()
                  .anyMatch(
                      o -> o.student().equals(s) && o.kind().equals("DIRECTORY") && inEffect(o));
          boolean consent =
              consents.stream()
                  .anyMatch(c -> c.student().equals(s) && c.kind().equals(partner) && inEffect(c));
          boolean inScope = a.grades().isEmpty() || a.grades().contains(grade.get(s));
          if (allOut
              || (a.basis() == Basis.CONSENT && !consent)
              || !inScope
              || (a.basis() == Basis.DIRECTORY && dirOut)) {
            continue;
          }
          expected.add(s);
          if (dirOut && a.basis() != Basis.CONSENT) {
            withheld.add(s);
          }
        }
      }

      // ---- compare
      String who = "seed " + seed + ", " + partner + " (" + basis + ", " + a.served().key() + ")";
      Set<String> delivered = new TreeSet<>();
      for (Row r : plan.decisions().collectAsList()) {
        if (Reason.valueOf(r.getAs(Scope.REASON)).delivered()) {
          delivered.add(r.getAs(Cols.STUDENT_ID));
        }
      }
      assertThat(delivered).as(who + ": delivered").isEqualTo(expected);
      Map<String, String> back = new HashMap<>();
      for (int s = 0; s < n; s++) {
        String id = String.format("S%03d", s);
        back.put(a.secret() == null ? id : Pseudonym.of(a.secret(), id), id);
      }
      boolean clear = a.fields().stream().noneMatch(f -> f.transform() == Transform.PSEUDONYM);
      for (Map.Entry<SharedDomain, Dataset<Row>> e : plan.datasets().entrySet()) {
        List<String> agreed = a.fields(e.getKey()).stream().map(FieldRule::field).toList();
        assertThat(Arrays.asList(e.getValue().columns()))
            .as(who + ": columns of " + e.getKey().key())
            .isEqualTo(agreed);
        if (agreed.contains(Cols.STUDENT_ID)) {
          for (Row r : e.getValue().collectAsList()) {
            String published = r.getAs(Cols.STUDENT_ID);
            String student = back.get(published);
            assertThat(student)
                .as(who + ": " + e.getKey().key() + " row of an unknown student")
                .isNotNull();
            assertThat(expected).as(who + ": " + e.getKey().key() + " row").contains(student);
            if (clear) {
              assertThat(published).isEqualTo(student);
            }
            if (e.getKey() == SharedDomain.STUDENT && agreed.contains(Cols.FIRST_NAME)) {
              boolean nulled = r.getAs(Cols.FIRST_NAME) == null;
              assertThat(nulled)
                  .as(who + ": directory fields of " + student + " withheld")
                  .isEqualTo(withheld.contains(student));
            }
          }
        }
      }
      assertThat(plan.datasets().keySet()).containsExactlyElementsOf(a.domains());
      assertThat(a.served()).isIn((Object[]) ServedRule.values());
    }
  }

  private static boolean served(Agreement a, Enrol e, LocalDate programEnd) {
    LocalDate end = e.end() == null ? programEnd : e.end();
    LocalDate reach = end.plusDays(a.graceDays());
    if (a.served() == ServedRule.ACTIVE_ON_AS_OF) {
      return !e.begin().isAfter(AS_OF) && !reach.isBefore(AS_OF);
    }
    return !e.begin().isAfter(Q3.end()) && !reach.isBefore(Q3.start());
  }

  private static boolean inEffect(Dated d) {
    return !d.from().isAfter(AS_OF) && (d.to() == null || d.to().isAfter(AS_OF));
  }

  /** Names are letters only (matching ignores digits): 23 becomes "cd". */
  private static String word(int i) {
    StringBuilder b = new StringBuilder();
    for (char c : String.valueOf(i).toCharArray()) {
      b.append((char) ('a' + (c - '0')));
    }
    return b.toString();
  }

  private static Date date(String s) {
    return s == null ? null : Date.valueOf(s);
  }
}
