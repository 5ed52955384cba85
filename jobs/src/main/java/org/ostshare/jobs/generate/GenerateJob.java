package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.ostshare.common.schema.Cols.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.settings.GenerateSettings;
import org.ostshare.jobs.spark.Stage;

/**
 * {@code ostshare generate}: a synthetic district, written in the input layout that ingestion
 * reads, with planted defects and a planted summer-programme effect recorded in a truth folder
 * beside it. Same seed and settings, same bytes.
 */
public final class GenerateJob {
  static final String JOB = "generate";

  private GenerateJob() {}

  public static GenerateResult run(SparkSession spark, GenerateSettings settings) {
    long started = System.nanoTime();
    String output = strip(settings.output());
    String truth = truthPath(output);
    CsvFiles files = new CsvFiles(spark);
    List<String> stale = new ArrayList<>();
    for (Domain dm : Domain.values()) {
      stale.add(output + "/" + dm.table());
    }
    stale.add(truth);
    files.delete(stale);

    Draws d = new Draws(settings.seed());
    Timeline time = new Timeline(settings.firstSchoolYear(), settings.asOf());
    int n = settings.students();
    List<Schools.School> schools = Schools.of(n);
    List<Partners.Partner> partners = Partners.of(n, settings.seed(), time);
    List<Partners.Program> programs = Partners.programs(partners, schools, time, n);
    Dataset<Row> programFrame = Partners.programFrame(spark, programs);

    Dataset<Row> base =
        Summer.select(Students.base(spark, d, n, time), d, time, settings, Partners.campSites(n))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> segments =
        Enrollments.segments(
                base, d, time, Schools.countsByGrade(schools), Schools.slots(spark, schools))
            .persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> rosters =
        Rosters.enrollments(base, segments, d, time, n)
            .withColumn("_ident", identityKey())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> rosterOut = Rosters.withIdentities(rosters, d);
    if (!programs.isEmpty()) {
      rosterOut =
          rosterOut.unionByName(
              Rosters.extras(base, d, time, programs.get(0), n)
                  .withColumn(Rosters.NO_ID, lit(true))
                  .withColumn("_ident", identityKey()),
              true);
    }
    Dataset<Row> programAttendance =
        Rosters.withIdentities(
            Rosters.attendance(base, segments, d, time, n).withColumn("_ident", identityKey()), d);

    Map<Domain, Dataset<Row>> typed = new LinkedHashMap<>();
    typed.put(Domain.SCHOOLS, Schools.frame(spark, schools));
    typed.put(Domain.STUDENTS, Students.rows(base));
    typed.put(Domain.PARTNERS, Partners.partnerFrame(spark, partners));
    typed.put(Domain.CALENDAR, Schools.calendar(spark, schools, time));
    typed.put(Domain.ENROLLMENTS, Enrollments.rows(segments, time));
    typed.put(Domain.OPT_OUTS, Students.optOuts(base, d, time));
    typed.put(Domain.ATTENDANCE, Attendance.rows(segments, d, time));
    typed.put(Domain.ASSESSMENTS, Assessments.rows(segments, d, time));
    typed.put(Domain.GRADES, CourseGrades.rows(segments, d));
    typed.put(Domain.DISCIPLINE, CourseGrades.discipline(segments, d, time));
    typed.put(Domain.PROGRAMS, programFrame);
    typed.put(Domain.CONSENTS, Rosters.consents(rosters, programFrame, d, time));
    typed.put(Domain.PROGRAM_ENROLLMENTS, rosterOut);
    typed.put(Domain.PROGRAM_ATTENDANCE, programAttendance);

    Map<Domain, Long> rows = new EnumMap<>(Domain.class);
    Map<Domain, Map<Reason, Long>> defects = new EnumMap<>(Domain.class);
    List<Dataset<Row>> truthDefects = new ArrayList<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    for (Map.Entry<Domain, Dataset<Row>> e : typed.entrySet()) {
      Domain domain = e.getKey();
      try (Stage stage = Stage.start(spark, JOB, domain.table())) {
        Dataset<Row> clean = CsvFiles.text(domain, e.getValue());
        String dir = output + "/" + domain.table();
        Map<Reason, Long> kinds = new EnumMap<>(Reason.class);
        Observation observed = new Observation("rows-" + domain.table());
        files.writeCsv(
            domain,
            clean.observe(observed, count(lit(1)).as("rows")),
            dir,
            settings.files(rowsPerStudent(domain)));
        long written = observedRows(observed);
        // The count caps the defects, so a domain too small for one stays clean (planted defects
        // must never trip ingestion's quarantine gate, not even in a district of nine schools).
        long templates = (long) Math.floor(written * settings.defectRate());
        if (templates > 0) {
          Defects.Planted planted = Defects.of(domain, clean, settings.defectRate(), templates, d);
          Dataset<Row> plantedRows = planted.rows().persist(StorageLevel.MEMORY_AND_DISK());
          cached.add(planted.templates());
          cached.add(plantedRows);
          for (Row r : plantedRows.groupBy(Defects.KIND).count().collectAsList()) {
            kinds.put(Reason.valueOf(r.getString(0)), r.getLong(1));
          }
          boolean raw = kinds.keySet().stream().anyMatch(Defects::raw);
          if (!kinds.keySet().stream().allMatch(Defects::raw)) {
            files.writeSingleCsv(
                CsvFiles.text(domain, plantedRows.filter(col(Defects.LINE).isNull())),
                dir + "/" + Defects.CSV_FILE);
          }
          if (raw) {
            files.writeLines(
                String.join(",", domain.columnNames()),
                plantedRows
                    .filter(col(Defects.LINE).isNotNull())
                    .select(col(Defects.LINE).as("value")),
                dir,
                Defects.RAW_FILE);
          }
          truthDefects.add(
              plantedRows.select(
                  lit(domain.table()).as("domain"),
                  col(Defects.KIND).as("kind"),
                  col(Defects.KEY).as("key")));
        }
        rows.put(domain, written);
        defects.put(domain, kinds);
        stage.done(
            String.format(
                "%,d rows, %,d defects",
                written, kinds.values().stream().mapToLong(Long::longValue).sum()));
      }
    }

    try (Stage stage = Stage.start(spark, JOB, "truth")) {
      if (!truthDefects.isEmpty()) {
        files.writeSingleCsv(
            truthDefects.stream().reduce(Dataset::unionByName).orElseThrow(),
            truth + "/defects/defects.csv");
      }
      files.writeSingleCsv(
          identities(base, typed.get(Domain.ENROLLMENTS), rosterOut, programAttendance),
          truth + "/roster_identities.csv");
      Map<String, Long> doses = new TreeMap<>();
      for (Row r : base.groupBy(Summer.DOSE).count().collectAsList()) {
        doses.put(r.getString(0), r.getLong(1));
      }
      files.writeString(
          truth + "/params.json",
          params(settings, time, schools, partners, programs, rows, defects, doses));
      stage.done("params, defects, roster identities");
    }
    cached.forEach(c -> c.unpersist(true));
    rosters.unpersist(true);
    segments.unpersist(true);
    base.unpersist(true);
    return new GenerateResult(
        output, truth, rows, defects, Duration.ofNanos(System.nanoTime() - started));
  }

  private static long observedRows(Observation observed) {
    try {
      return ((Number) observed.getAsJava().get("rows")).longValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting rows", e);
    }
  }

  /** The truth folder: a sibling of the input folder. */
  static String truthPath(String output) {
    int slash = output.lastIndexOf('/');
    String parent = slash < 0 ? "." : slash == 0 ? "" : output.substring(0, slash);
    return parent + "/truth";
  }

  private static String strip(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** Rough rows per student of each domain, to choose the number of files. */
  static double rowsPerStudent(Domain domain) {
    return switch (domain) {
      case ATTENDANCE, GRADES -> 25;
      case ASSESSMENTS -> 14;
      case PROGRAM_ATTENDANCE -> 10;
      case CALENDAR, ENROLLMENTS -> 2;
      case STUDENTS -> 1;
      default -> 0.1;
    };
  }

  /** The roster matching key: normalised first name, last name and birth date. */
  static Column identityKey() {
    return concat_ws(
        "|",
        Rosters.normalised(col(FIRST_NAME)),
        Rosters.normalised(col(LAST_NAME)),
        col(BIRTH_DATE).cast("string"));
  }

  /**
   * Every roster row without a district id and the student it should match, by the rule of roster
   * matching (docs/agreements.md): the student id when exactly one student has the normalised name
   * and birth date, or when several do and exactly one of them is enrolled at the school the row
   * names (programme attendance rows name none); AMBIGUOUS when several remain, UNMATCHED when none
   * does.
   */
  static Dataset<Row> identities(
      Dataset<Row> base, Dataset<Row> enrollments, Dataset<Row> rosters, Dataset<Row> attendance) {
    Dataset<Row> people = base.select(col(STUDENT_ID), identityKey().as("_ident"));
    Dataset<Row> byIdentity =
        people
            .groupBy("_ident")
            .agg(count(lit(1)).as("_matches"), min(col(STUDENT_ID)).as("_match"));
    Dataset<Row> bySchool =
        people
            .join(enrollments.select(STUDENT_ID, SCHOOL_ID).distinct(), STUDENT_ID)
            .groupBy(col("_ident"), col(SCHOOL_ID).as("_school"))
            .agg(count(lit(1)).as("_at_school"), min(col(STUDENT_ID)).as("_school_match"));
    Dataset<Row> rows =
        rosters
            .filter(col(Rosters.NO_ID))
            .select(
                lit(Domain.PROGRAM_ENROLLMENTS.table()).as("domain"),
                col(PROGRAM_ID),
                col(FIRST_NAME),
                col(LAST_NAME),
                col(BIRTH_DATE).cast("string").as(BIRTH_DATE),
                col(BEGIN_DATE).cast("string").as("date"),
                col(SCHOOL_ID).as("_school"),
                col("_ident"))
            .unionByName(
                attendance
                    .filter(col(Rosters.NO_ID))
                    .select(
                        lit(Domain.PROGRAM_ATTENDANCE.table()).as("domain"),
                        col(PROGRAM_ID),
                        col(FIRST_NAME),
                        col(LAST_NAME),
                        col(BIRTH_DATE).cast("string").as(BIRTH_DATE),
                        col(ATTENDANCE_DATE).cast("string").as("date"),
                        lit(null).cast("string").as("_school"),
                        col("_ident")));
    return rows.join(byIdentity, new String[] {"_ident"}, "left")
        .join(bySchool, new String[] {"_ident", "_school"}, "left")
        .select(
            col("domain"),
            col(PROGRAM_ID),
            col(FIRST_NAME),
            col(LAST_NAME),
            col(BIRTH_DATE),
            col("date"),
            when(col("_matches").isNull(), lit("UNMATCHED"))
                .when(col("_matches").equalTo(1), col("_match"))
                .when(col("_at_school").equalTo(1), col("_school_match"))
                .otherwise(lit("AMBIGUOUS"))
                .as(Rosters.EXPECTED));
  }

  private static String params(
      GenerateSettings s,
      Timeline time,
      List<Schools.School> schools,
      List<Partners.Partner> partners,
      List<Partners.Program> programs,
      Map<Domain, Long> rows,
      Map<Domain, Map<Reason, Long>> defects,
      Map<String, Long> doses) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("seed", s.seed());
    p.put("students", s.students());
    p.put("schools", schools.size());
    p.put("partners", partners.size());
    p.put("programs", programs.size());
    p.put("first_school_year", time.first);
    p.put("second_school_year", time.second);
    p.put("as_of", time.asOf.toString());
    p.put("defect_rate", s.defectRate());
    Map<String, Object> effect = new LinkedHashMap<>();
    effect.put(
        "unit",
        "SD of the grade's fall score (Scores.*_SD), added to the fall score of the second year");
    effect.put("high", s.effectHigh());
    effect.put("low", s.effectLow());
    effect.put("no_show", s.effectNoShow());
    effect.put("high_min_days", Summer.HIGH_DAYS);
    effect.put("summer_change_non_participants_sd", Scores.SUMMER_CHANGE_SD);
    p.put("summer_effect_sd", effect);
    p.put("summer_participants_by_dose", doses);
    Map<String, Object> camp = new LinkedHashMap<>();
    if (!time.campDays.isEmpty()) {
      camp.put("begin", time.campDays.get(0).toString());
      camp.put("end", time.campDays.get(time.campDays.size() - 1).toString());
      camp.put("days", time.campDays.size());
      camp.put("held", time.campHeld());
    }
    p.put("summer_camp", camp);
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Domain dm : Domain.values()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("clean_rows", rows.getOrDefault(dm, 0L));
      Map<String, Long> k = new LinkedHashMap<>();
      defects.getOrDefault(dm, Map.of()).forEach((r, v) -> k.put(r.name(), v));
      c.put("defects", k);
      counts.put(dm.table(), c);
    }
    p.put("domains", counts);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(p)
          + "\n";
    } catch (Exception e) {
      throw Errors.withCause(
          OstshareException.Kind.INPUT, "Could not write the truth parameters.", "", "", e);
    }
  }
}
