package org.ostshare.jobs.analyse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.Errors;
import org.ostshare.common.roster.RosterMatching;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.summer.AttendanceCell;
import org.ostshare.common.summer.Cell;
import org.ostshare.common.summer.Cells;
import org.ostshare.common.summer.Cohort;
import org.ostshare.common.summer.Design;
import org.ostshare.common.summer.Dosage;
import org.ostshare.common.summer.Effects;
import org.ostshare.common.summer.FallAttendance;
import org.ostshare.common.summer.Publication;
import org.ostshare.common.summer.SummerCols;
import org.ostshare.common.time.SchoolYear;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Files;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.AnalyseSettings;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.Checkpoints;
import org.ostshare.jobs.spark.KeptRows;
import org.ostshare.jobs.spark.Stage;

/**
 * {@code ostshare analyse}: the summer-learning analysis of one school year's cohort (spring of Y,
 * fall of Y + 1). Writes, under the warehouse, Delta tables sliced by school year ({@code
 * analysis/summer/*}) and, for people, CSV files, an HTML summary and the state submission ({@code
 * reports/summer/<year>/}). Every published aggregate is suppressed and re-verified as written
 * before anything is exported.
 */
public final class AnalyseJob {
  /** Slice column of the summer tables: the analysed school year, e.g. 2024-25. */
  public static final String SLICE = "analysis_year";

  /** The conformed tables the analysis reads. */
  public static final List<Domain> READS =
      List.of(
          Domain.STUDENTS,
          Domain.ENROLLMENTS,
          Domain.ASSESSMENTS,
          Domain.PROGRAMS,
          Domain.PROGRAM_ENROLLMENTS,
          Domain.PROGRAM_ATTENDANCE,
          Domain.CALENDAR,
          Domain.ATTENDANCE);

  private AnalyseJob() {}

  /**
   * @param cohortRows student × subject rows in the cohort
   * @param groups cohort students per dosage group (days basis)
   * @param unmatchedRosterRows summer programmes' roster and attendance rows matched to no single
   *     student (not counted in dosage; the publish match report lists every programme's)
   * @param effects the published group effects (null fields where suppressed)
   * @param suppressedCells descriptive cells suppressed (primary and complementary)
   * @param rareCombinations quasi-identifier combinations rarer than k in the research extract
   */
  public record Result(
      String schoolYear,
      long cohortRows,
      long students,
      Map<String, Long> groups,
      long unmatchedRosterRows,
      List<Effects.GroupEffect> effects,
      int publishedCells,
      int suppressedCells,
      long rareCombinations,
      String reports,
      String submission) {}

  /**
   * @param schoolYear ending year of the spring's school year (2025 = 2024-25)
   * @param period conformed slice to read; empty = the latest present in each table
   * @param env the environment (holds the research-pseudonym key)
   */
  public static Result run(
      SparkSession spark,
      Settings settings,
      int schoolYear,
      Optional<String> period,
      Map<String, String> env) {
    AnalyseSettings a = settings.analyse();
    byte[] key = a.extract() ? researchKey(a, env) : null;
    Warehouse w = Warehouse.of(settings);
    String label = SchoolYear.label(schoolYear);
    String reports = w.summerReports(label);

    Map<Domain, Dataset<Row>> tables = Conformed.read(spark, w, READS, period);
    Dataset<Row> students = tables.get(Domain.STUDENTS);
    Dataset<Row> enrollments = tables.get(Domain.ENROLLMENTS);
    Dataset<Row> assessments = tables.get(Domain.ASSESSMENTS);
    Dataset<Row> programs = tables.get(Domain.PROGRAMS);
    Dataset<Row> rosters = tables.get(Domain.PROGRAM_ENROLLMENTS);
    Dataset<Row> programDays = tables.get(Domain.PROGRAM_ATTENDANCE);
    Dataset<Row> calendar = tables.get(Domain.CALENDAR);
    Dataset<Row> attendance = tables.get(Domain.ATTENDANCE);

    Dataset<Row> cohort;
    long cohortRows;
    try (Stage s = Stage.start(spark, "analyse", "summer cohort " + label)) {
      // the scored rows are kept for as long as the cohort takes to compute: its z-scores' norms
      // and the rows they are joined to are both read from them (docs/benchmarks.md, item 35).
      // Kept as rows, not cached as columns: a few passes over a cohort's rows cost less than
      // the columnar cache's compression, and later plans start from the kept rows (item 38)
      try (KeptRows scored = new KeptRows()) {
        cohort =
            Checkpoints.keep(
                Cohort.build(
                    assessments, enrollments, students, schoolYear, a.assessments(), scored));
      }
      cohortRows = cohort.count();
      s.done(cohortRows + " student-subject rows");
    }
    if (cohortRows == 0) {
      throw Errors.input(
          "No student has a spring "
              + label
              + " score and a fall "
              + SchoolYear.label(schoolYear + 1)
              + " score on the same assessment and subject"
              + (a.assessments().isEmpty() ? "" : " among " + Errors.quoted(a.assessments()))
              + ".",
          "Summer change needs both scores.",
          "Check --school-year (the spring's school year) and that the fall scores are ingested.");
    }

    Dataset<Row> frame;
    long unmatched;
    try (Stage s = Stage.start(spark, "analyse", "dosage and fall attendance")) {
      // matched once, with the decided rows kept: the count of unmatched rows and the dosage
      // both read them
      try (KeptRows decided = new KeptRows()) {
        RosterMatching.Result enrolled =
            RosterMatching.match(
                Dosage.summerRows(rosters, programs), students, enrollments, decided);
        RosterMatching.Result attended =
            RosterMatching.match(
                withSchoolColumn(Dosage.summerRows(programDays, programs)),
                students,
                enrollments,
                decided);
        unmatched = enrolled.unmatched().count() + attended.unmatched().count();
        Dataset<Row> dosage =
            Dosage.perStudent(cohort, programs, enrolled.matched(), attended.matched());
        LocalDate from = SchoolYear.start(schoolYear + 1);
        LocalDate to = LocalDate.parse(from.getYear() + "-" + a.fallEnd());
        if (to.isBefore(from)) {
          to = to.plusYears(1);
        }
        Dataset<Row> fall =
            FallAttendance.perStudent(
                dosage,
                calendar,
                enrollments,
                attendance,
                from,
                to,
                a.minDaysEnrolled(),
                a.chronicThreshold());
        frame =
            Checkpoints.keep(
                Dosage.assign(
                    cohort
                        .join(dosage, Cols.STUDENT_ID)
                        .join(fall, new String[] {Cols.STUDENT_ID}, "left"),
                    a.dosage()));
      }
      Checkpoints.release(cohort);
      s.done(unmatched + " summer roster rows unmatched (not counted)");
    }

    List<Cell> cells;
    Map<String, Long> groups = new LinkedHashMap<>();
    long studentsInCohort;
    List<AttendanceCell> attendanceCells = new ArrayList<>();
    try (Stage s = Stage.start(spark, "analyse", "descriptive cells")) {
      cells = Cells.fromRows(Cells.aggregate(frame).collectAsList());
      Dataset<Row> perStudent =
          frame
              .select(
                  Cols.STUDENT_ID,
                  Cols.GRADE_LEVEL,
                  SummerCols.DOSAGE_GROUP,
                  SummerCols.CHRONICALLY_ABSENT)
              .dropDuplicates(Cols.STUDENT_ID);
      for (Row r :
          perStudent
              .groupBy(Cols.GRADE_LEVEL, SummerCols.DOSAGE_GROUP)
              .agg(
                  count(lit(1)).as("students"),
                  count(col(SummerCols.CHRONICALLY_ABSENT)).as("n"),
                  sum(when(col(SummerCols.CHRONICALLY_ABSENT), 1).otherwise(0)).as("chronic"))
              .collectAsList()) {
        String g = r.getAs(SummerCols.DOSAGE_GROUP);
        groups.merge(g, r.<Long>getAs("students"), Long::sum);
        attendanceCells.add(
            new AttendanceCell(
                r.getAs(Cols.GRADE_LEVEL), g, r.<Long>getAs("n"), r.<Long>getAs("chronic")));
      }
      studentsInCohort = groups.values().stream().mapToLong(Long::longValue).sum();
      s.done(cells.size() + " cells, " + studentsInCohort + " students");
    }

    List<Effects.Model> models = new ArrayList<>();
    List<Effects.GroupEffect> effects = new ArrayList<>();
    try (Stage s = Stage.start(spark, "analyse", "adjusted estimates")) {
      models.addAll(Effects.fit(frame, Design.byDays(), Cell.DAYS).values());
      models.addAll(Effects.fit(frame, Design.byHours(), Cell.HOURS).values());
      for (Effects.Model m : models) {
        effects.addAll(Effects.groupEffects(m, cells));
      }
      s.done(models.size() + " models");
    }

    // publication: suppress, write, re-read and verify before anything is exported
    List<Publication.Row> published =
        Publication.descriptive(Cells.withMargins(cells), a.minCell());
    int suppressed = (int) published.stream().filter(Publication.Row::suppressed).count();
    String estimator =
        "OLS of fall score; HC1 and school-clustered (CR1) SEs; SD = pooled within-grade SD of fall";
    try (Stage s = Stage.start(spark, "analyse", "publish and verify")) {
      DeltaTables.replaceSlice(
          SummerTables.descriptive(spark, published), w.summer("descriptive"), SLICE, label);
      DeltaTables.replaceSlice(
          SummerTables.effects(spark, effects, a.minCell(), estimator),
          w.summer("effects"),
          SLICE,
          label);
      DeltaTables.replaceSlice(
          SummerTables.attendance(spark, AttendanceCell.publish(attendanceCells, a.minCell())),
          w.summer("fall_attendance"),
          SLICE,
          label);
      SummerTables.verify(
          "district " + a.districtId() + " " + label,
          slice(spark, w.summer("descriptive"), label),
          slice(spark, w.summer("effects"), label),
          slice(spark, w.summer("fall_attendance"), label),
          a.minCell());
      Files.writeCsv(slice(spark, w.summer("descriptive"), label), reports + "/descriptive.csv");
      Files.writeCsv(slice(spark, w.summer("effects"), label), reports + "/effects.csv");
      Files.writeCsv(
          slice(spark, w.summer("fall_attendance"), label), reports + "/fall_attendance.csv");
      s.done(published.size() + " cells published, " + suppressed + " suppressed; verified");
    }

    long rare = 0;
    if (a.extract()) {
      try (Stage s = Stage.start(spark, "analyse", "research extract")) {
        Dataset<Row> extract = ResearchExtract.rows(frame, key);
        DeltaTables.replaceSlice(extract, w.summer("research_extract"), SLICE, label);
        // the file and the disclosure review read the rows as written, pseudonyms and all, instead
        // of computing them again; the review's few rows are kept for their count
        Dataset<Row> written = slice(spark, w.summer("research_extract"), label);
        Files.writeCsv(written, reports + "/research_extract.csv");
        Dataset<Row> qi = ResearchExtract.rareCombinations(written, a.k()).cache();
        Files.writeCsv(qi, reports + "/quasi_identifiers_below_k.csv");
        rare = qi.count();
        qi.unpersist(true);
        s.done(rare + " quasi-identifier combinations rarer than k = " + a.k());
      }
    }

    String submission = reports + "/submission";
    try (Stage s = Stage.start(spark, "analyse", "state submission")) {
      Map<String, org.ostshare.common.stats.OlsBlocks> blocks = new LinkedHashMap<>();
      models.forEach(m -> blocks.put(Submission.modelKey(m.subject(), m.basis()), m.blocks()));
      List<Submission.Estimate> estimates = new ArrayList<>();
      for (Effects.GroupEffect e : effects) {
        Effects.Model m =
            models.stream()
                .filter(x -> x.subject().equals(e.subject()) && x.basis().equals(e.basis()))
                .findFirst()
                .orElseThrow();
        estimates.add(
            new Submission.Estimate(
                e.subject(),
                e.basis(),
                e.group(),
                e.n(),
                e.cluster().estimate(),
                e.cluster().se(),
                e.hc1().se(),
                m.clusters(),
                e.sdFall()));
      }
      new Submission(
              a.districtId(),
              schoolYear,
              submissionSettings(a),
              Design.byDays().terms(),
              cells,
              blocks,
              estimates,
              attendanceCells)
          .write(spark, submission);
      s.done(submission);
    }

    List<Effects.GroupEffect> publishedEffects =
        effects.stream().filter(e -> e.n() >= a.minCell()).toList();
    try (Stage s = Stage.start(spark, "analyse", "HTML summary")) {
      Files.writeText(
          spark,
          reports + "/summary.html",
          HtmlSummary.render(
              "Summer learning " + label + " → " + SchoolYear.label(schoolYear + 1),
              a.districtId(),
              published,
              publishedEffects,
              a.minCell()));
      s.done();
    }
    Checkpoints.release(frame);
    return new Result(
        label,
        cohortRows,
        studentsInCohort,
        groups,
        unmatched,
        publishedEffects,
        published.size() - suppressed,
        suppressed,
        rare,
        reports,
        submission);
  }

  /**
   * Programme attendance rows carry no school; roster matching reads one to separate namesakes, so
   * an empty one is added.
   */
  static Dataset<Row> withSchoolColumn(Dataset<Row> roster) {
    return java.util.Arrays.asList(roster.columns()).contains(Cols.SCHOOL_ID)
        ? roster
        : roster.withColumn(Cols.SCHOOL_ID, lit(null).cast("string"));
  }

  /** The settings that change the numbers; aggregate refuses submissions that differ in them. */
  static Config submissionSettings(AnalyseSettings a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("min_cell", a.minCell());
    m.put("assessments", a.assessments());
    m.put(
        "dosage",
        Map.of(
            "low_min_days", a.dosage().lowMinDays(),
            "high_min_days", a.dosage().highMinDays(),
            "high_min_hours", new java.util.TreeMap<>(a.dosage().highMinHours())));
    m.put("chronic_threshold", a.chronicThreshold());
    m.put("min_days_enrolled", a.minDaysEnrolled());
    m.put("fall_end", a.fallEnd());
    return ConfigFactory.parseMap(m);
  }

  static Dataset<Row> slice(SparkSession spark, String path, String label) {
    return DeltaTables.read(spark, path).filter(col(SLICE).equalTo(label)).drop(SLICE);
  }

  /** Fails, before Spark starts, when the research key is missing. */
  public static void checkResearchKey(AnalyseSettings a, Map<String, String> env) {
    researchKey(a, env);
  }

  /** The research-pseudonym key from the environment variable the settings name. */
  static byte[] researchKey(AnalyseSettings a, Map<String, String> env) {
    String value = env.get(a.keyEnv());
    if (value == null || value.isBlank()) {
      throw Errors.settings(
          "The research-pseudonym key is missing: environment variable "
              + a.keyEnv()
              + " is not set.",
          "The research extract replaces student ids with a keyed HMAC; without the key it cannot"
              + " be made, and a made-up key would break linkage across runs.",
          "Set "
              + a.keyEnv()
              + " to the district's research key (at least 16 characters; keep it out of files and"
              + " logs), or set ostshare.analyse.research.extract = false.");
    }
    if (value.length() < 16) {
      throw Errors.settings(
          "The research-pseudonym key in " + a.keyEnv() + " is too short.",
          "A short key can be guessed, and then every pseudonym reversed.",
          "Use a random key of at least 16 characters.");
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
