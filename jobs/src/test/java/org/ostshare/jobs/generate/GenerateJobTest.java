package org.ostshare.jobs.generate;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ostshare.common.schema.Cols.*;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.test.TestSpark;
import org.ostshare.jobs.settings.GenerateSettings;

/**
 * Generates a tiny district twice with one seed and once with another, then checks the files byte
 * for byte, the layout contract, the truth's counts against the rows on disk, the planted defects,
 * and the attendance model.
 */
class GenerateJobTest {
  static final int STUDENTS = 300;
  static final double RATE = 0.03;
  static final LocalDate AS_OF = LocalDate.parse("2025-12-19");

  @TempDir static Path tmp;
  static SparkSession spark;
  static GenerateResult a;
  static Path inputA;
  static Path inputB;
  private static final Map<String, String> saved = new HashMap<>();

  static GenerateSettings settings(Path out, long seed) {
    return new GenerateSettings(
        out.toString(), STUDENTS, seed, 2025, AS_OF, RATE, 0.10, 0.03, 0.0, 0);
  }

  @BeforeAll
  static void generate() {
    spark = TestSpark.get();
    // tiny data: interpreting expressions is faster than compiling code for each plan
    for (String k : List.of("spark.sql.codegen.wholeStage", "spark.sql.codegen.factoryMode")) {
      saved.put(k, spark.conf().get(k, null));
    }
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    for (String k : List.of("spark.sql.shuffle.partitions")) {
      saved.put(k, spark.conf().get(k, null));
    }
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "org.ostshare.progress", org.apache.logging.log4j.Level.INFO);
    inputA = tmp.resolve("a/input");
    inputB = tmp.resolve("b/input");
    a = GenerateJob.run(spark, settings(inputA, 7));
    // the same district computed with other partitioning must be the same bytes
    spark.conf().set("spark.sql.shuffle.partitions", "3");
    GenerateJob.run(spark, settings(inputB, 7));
    spark.conf().set("spark.sql.shuffle.partitions", "2");
  }

  @AfterAll
  static void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            spark.conf().unset(k);
          } else {
            spark.conf().set(k, v);
          }
        });
  }

  // ---------------------------------------------------------------- determinism

  @Test
  void sameSeedWritesIdenticalFiles() throws IOException {
    Path rootA = inputA.getParent();
    Path rootB = inputB.getParent();
    List<Path> files = files(rootA);
    assertThat(files).hasSizeGreaterThan(Domain.values().length + 3);
    assertThat(files(rootB).stream().map(p -> rootB.relativize(p)).toList())
        .isEqualTo(files.stream().map(p -> rootA.relativize(p)).toList());
    for (Path f : files) {
      assertThat(Files.readAllBytes(rootB.resolve(rootA.relativize(f))))
          .as("%s", rootA.relativize(f))
          .isEqualTo(Files.readAllBytes(f));
    }
  }

  @Test
  void otherSeedMakesOtherStudents() {
    Timeline time = new Timeline(2025, AS_OF);
    List<Row> seven = Students.rows(Students.base(spark, new Draws(7), 50, time)).collectAsList();
    List<Row> again = Students.rows(Students.base(spark, new Draws(7), 50, time)).collectAsList();
    List<Row> eight = Students.rows(Students.base(spark, new Draws(8), 50, time)).collectAsList();
    assertThat(again).isEqualTo(seven);
    assertThat(eight).hasSameSizeAs(seven);
    long same =
        java.util.stream.IntStream.range(0, 50)
            .filter(i -> seven.get(i).equals(eight.get(i)))
            .count();
    assertThat(same).isZero();
  }

  // ---------------------------------------------------------------- layout

  @Test
  void everyDomainHasCsvFilesWithTheCanonicalHeader() throws IOException {
    for (Domain d : Domain.values()) {
      Path dir = inputA.resolve(d.table());
      List<Path> csv = csvFiles(dir);
      assertThat(csv).as(d.table()).isNotEmpty();
      assertThat(csv).anyMatch(p -> p.getFileName().toString().equals("part-00000.csv"));
      for (Path f : csv) {
        String first = firstLine(f);
        assertThat(first).as("%s", f).isEqualTo(String.join(",", d.columnNames()));
      }
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .as("only part and defect files in %s", dir)
            .allMatch(
                n ->
                    n.matches("part-\\d{5}\\.csv")
                        || n.equals(Defects.CSV_FILE)
                        || n.equals(Defects.RAW_FILE));
      }
    }
  }

  // ---------------------------------------------------------------- truth counts

  @Test
  void truthCountsEqualTheRowsOnDisk() throws IOException {
    Map<String, Object> params = params();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> domains =
        (Map<String, Map<String, Object>>) params.get("domains");
    for (Domain d : Domain.values()) {
      long clean = ((Number) domains.get(d.table()).get("clean_rows")).longValue();
      @SuppressWarnings("unchecked")
      Map<String, Number> kinds = (Map<String, Number>) domains.get(d.table()).get("defects");
      long raw = kindCount(kinds, "MALFORMED_LINE") + kindCount(kinds, "BAD_ENCODING");
      long all = kinds.values().stream().mapToLong(Number::longValue).sum();
      assertThat(clean).as(d.table()).isEqualTo(a.rows().get(d)).isPositive();
      assertThat(records(d).size()).as(d.table()).isEqualTo(clean + all - raw);
      Path defects = inputA.resolve(d.table()).resolve(Defects.RAW_FILE);
      long rawLines =
          Files.exists(defects)
              ? Files.readAllLines(defects, StandardCharsets.ISO_8859_1).size() - 1
              : 0;
      assertThat(rawLines).as(d.table()).isEqualTo(raw);
    }
  }

  @Test
  void truthDefectListMatchesTheCounts() throws IOException {
    Map<String, Long> listed = new HashMap<>();
    try (Reader r = Files.newBufferedReader(inputA.resolveSibling("truth/defects/defects.csv"));
        CSVParser p =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      assertThat(p.getHeaderNames()).containsExactly("domain", "kind", "key");
      for (CSVRecord rec : p) {
        listed.merge(rec.get("domain") + "/" + rec.get("kind"), 1L, Long::sum);
      }
    }
    Map<String, Long> declared = new HashMap<>();
    a.defects()
        .forEach((d, kinds) -> kinds.forEach((k, n) -> declared.put(d.table() + "/" + k, n)));
    assertThat(listed).isEqualTo(declared);
  }

  // ---------------------------------------------------------------- planted defects

  @Test
  void largeDomainsGetEveryKindAtAboutTheRate() {
    for (Domain d :
        List.of(Domain.ATTENDANCE, Domain.GRADES, Domain.ASSESSMENTS, Domain.PROGRAM_ATTENDANCE)) {
      Map<Reason, Long> kinds = a.defects().get(d);
      assertThat(kinds.keySet()).as(d.table()).hasSizeGreaterThanOrEqualTo(9);
      assertThat(kinds.values()).as(d.table()).allMatch(n -> n >= 3);
      double templates =
          kinds.values().stream().mapToLong(Long::longValue).sum()
              - kinds.getOrDefault(Reason.CONFLICTING_KEY, 0L) / 2.0;
      assertThat(templates / a.rows().get(d)).as(d.table()).isBetween(RATE * 0.6, RATE * 1.4);
    }
  }

  @Test
  void noDomainGetsMoreDefectsThanTheRateAllowsSoSmallOnesStayClean() {
    for (Domain d : Domain.values()) {
      Map<Reason, Long> kinds = a.defects().get(d);
      long templates =
          kinds.values().stream().mapToLong(Long::longValue).sum()
              - kinds.getOrDefault(Reason.CONFLICTING_KEY, 0L) / 2;
      assertThat(templates)
          .as(d.table())
          .isLessThanOrEqualTo((long) Math.floor(a.rows().get(d) * RATE));
    }
    assertThat(a.rows().get(Domain.SCHOOLS)).isLessThan((long) (1 / RATE));
    assertThat(a.defects().get(Domain.SCHOOLS)).isEmpty();
    assertThat(inputA.resolve("schools").resolve(Defects.CSV_FILE)).doesNotExist();
  }

  @Test
  void duplicatesAndConflictsAreExactlyThePlantedOnes() throws IOException {
    for (Domain d : Domain.values()) {
      Map<List<String>, Set<List<String>>> byKey = new HashMap<>();
      Map<List<String>, Integer> copies = new HashMap<>();
      List<Integer> keyIdx = d.key().stream().map(c -> d.columnNames().indexOf(c)).toList();
      for (CSVRecord r : records(d)) {
        List<String> values = r.toList();
        List<String> key = keyIdx.stream().map(values::get).toList();
        byKey.computeIfAbsent(key, k -> new HashSet<>()).add(values);
        copies.merge(values, 1, Integer::sum);
      }
      long extraCopies = copies.values().stream().mapToLong(n -> n - 1).sum();
      long conflicting = 0;
      for (Set<List<String>> variants : byKey.values()) {
        if (variants.size() > 1) {
          conflicting += variants.stream().mapToLong(copies::get).sum();
        }
      }
      Map<Reason, Long> kinds = a.defects().get(d);
      assertThat(extraCopies).as(d.table()).isEqualTo(kinds.getOrDefault(Reason.DUPLICATE_ROW, 0L));
      assertThat(conflicting)
          .as(d.table())
          .isEqualTo(kinds.getOrDefault(Reason.CONFLICTING_KEY, 0L));
    }
  }

  @Test
  void rawDefectLinesAreMalformedOrNotUtf8() throws IOException {
    Path file = inputA.resolve("grades").resolve(Defects.RAW_FILE);
    byte[] bytes = Files.readAllBytes(file);
    List<byte[]> lines = split(bytes);
    assertThat(new String(lines.get(0), StandardCharsets.UTF_8))
        .isEqualTo(String.join(",", Domain.GRADES.columnNames()));
    int malformed = 0;
    int badEncoding = 0;
    for (byte[] line : lines.subList(1, lines.size())) {
      try {
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(line))
                .toString();
        int fields =
            CSVFormat.RFC4180.parse(new java.io.StringReader(text)).getRecords().get(0).size();
        assertThat(fields).isNotEqualTo(Domain.GRADES.columnNames().size());
        malformed++;
      } catch (CharacterCodingException e) {
        assertThat(new String(line, StandardCharsets.ISO_8859_1)).contains("é");
        badEncoding++;
      }
    }
    assertThat(malformed)
        .isEqualTo(a.defects().get(Domain.GRADES).get(Reason.MALFORMED_LINE).intValue());
    assertThat(badEncoding)
        .isEqualTo(a.defects().get(Domain.GRADES).get(Reason.BAD_ENCODING).intValue());
  }

  @Test
  void orphansAreExactlyTheUnknownReferences() throws IOException {
    Set<String> students = new HashSet<>();
    for (CSVRecord r : records(Domain.STUDENTS)) {
      students.add(r.get(STUDENT_ID));
    }
    for (Domain d :
        List.of(Domain.ATTENDANCE, Domain.ASSESSMENTS, Domain.GRADES, Domain.ENROLLMENTS)) {
      long orphans =
          records(d).stream()
              .filter(r -> !r.get(STUDENT_ID).isEmpty() && !students.contains(r.get(STUDENT_ID)))
              .count();
      assertThat(orphans)
          .as(d.table())
          .isEqualTo(a.defects().get(d).getOrDefault(Reason.UNKNOWN_REFERENCE, 0L));
    }
  }

  // ---------------------------------------------------------------- the district's model

  @Test
  void attendanceIsOnInstructionalDaysInsideEnrolmentsAndNotAfterAsOf() {
    Dataset<Row> calendar =
        read(Domain.CALENDAR).filter(col(CALENDAR_EVENT).equalTo("INSTRUCTIONAL_DAY"));
    Dataset<Row> enrol = read(Domain.ENROLLMENTS);
    Dataset<Row> events = cleanAttendance();
    long total = events.count();
    long onInstructionalDays =
        events
            .join(
                calendar,
                events
                    .col(SCHOOL_ID)
                    .equalTo(calendar.col(SCHOOL_ID))
                    .and(events.col(EVENT_DATE).equalTo(calendar.col(CALENDAR_DATE))),
                "left_semi")
            .count();
    long insideEnrolment =
        events
            .join(
                enrol,
                events
                    .col(STUDENT_ID)
                    .equalTo(enrol.col(STUDENT_ID))
                    .and(events.col(SCHOOL_ID).equalTo(enrol.col(SCHOOL_ID)))
                    .and(events.col(EVENT_DATE).geq(enrol.col(ENTRY_DATE)))
                    .and(
                        enrol
                            .col(EXIT_DATE)
                            .isNull()
                            .or(events.col(EVENT_DATE).leq(enrol.col(EXIT_DATE)))),
                "left_semi")
            .count();
    assertThat(total).isEqualTo(a.rows().get(Domain.ATTENDANCE));
    assertThat(onInstructionalDays).isEqualTo(total);
    assertThat(insideEnrolment).isEqualTo(total);
    assertThat(events.filter(col(EVENT_DATE).gt(lit(AS_OF))).count()).isZero();
  }

  @Test
  void chronicAbsenceShareIsPlausible() {
    Dataset<Row> calendar =
        read(Domain.CALENDAR).filter(col(CALENDAR_EVENT).equalTo("INSTRUCTIONAL_DAY"));
    Dataset<Row> enrol = read(Domain.ENROLLMENTS).filter(col(SCHOOL_YEAR).equalTo(2025));
    Dataset<Row> enrolled =
        enrol
            .join(
                calendar,
                enrol
                    .col(SCHOOL_ID)
                    .equalTo(calendar.col(SCHOOL_ID))
                    .and(
                        calendar
                            .col(CALENDAR_DATE)
                            .between(
                                enrol.col(ENTRY_DATE), coalesce(enrol.col(EXIT_DATE), lit(AS_OF)))))
            .groupBy(enrol.col(STUDENT_ID))
            .agg(countDistinct(calendar.col(CALENDAR_DATE)).as("days"));
    Dataset<Row> absent =
        cleanAttendance()
            .filter(
                col(ATTENDANCE_EVENT)
                    .isin("EXCUSED_ABSENCE", "UNEXCUSED_ABSENCE", "OUT_OF_SCHOOL_SUSPENSION")
                    .and(col(EVENT_DATE).leq(lit(LocalDate.parse("2025-06-30"))))
                    .and(coalesce(col(EVENT_DURATION), lit(1.0)).geq(0.5)))
            .groupBy(STUDENT_ID)
            .agg(countDistinct(EVENT_DATE).as("absent"));
    Row r =
        enrolled
            .filter(col("days").geq(10))
            .join(absent, new String[] {STUDENT_ID}, "left")
            .agg(
                count(lit(1)).as("n"),
                sum(when(coalesce(col("absent"), lit(0)).divide(col("days")).geq(0.10), 1)
                        .otherwise(0))
                    .as("chronic"))
            .first();
    double share = r.getLong(1) / (double) r.getLong(0);
    assertThat(r.getLong(0)).isGreaterThan(STUDENTS / 2);
    assertThat(share).isBetween(0.15, 0.30);
  }

  @Test
  void rosterIdentitiesCoverEveryRowWithoutAnId() throws IOException {
    Map<String, Long> expected = new HashMap<>();
    Set<List<String>> listed = new HashSet<>();
    try (Reader r = Files.newBufferedReader(inputA.resolveSibling("truth/roster_identities.csv"));
        CSVParser p =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      for (CSVRecord rec : p) {
        String e = rec.get("expected");
        expected.merge(
            e.equals("UNMATCHED") || e.equals("AMBIGUOUS") ? e : "matched", 1L, Long::sum);
        listed.add(
            List.of(
                rec.get("domain"),
                rec.get(PROGRAM_ID),
                rec.get(FIRST_NAME),
                rec.get(LAST_NAME),
                rec.get(BIRTH_DATE),
                rec.get("date")));
      }
    }
    assertThat(expected.get("UNMATCHED")).isGreaterThanOrEqualTo(2);
    assertThat(expected.get("AMBIGUOUS")).isGreaterThanOrEqualTo(2);
    assertThat(expected.get("matched")).isPositive();
    long withoutId = 0;
    for (CSVRecord r : records(Domain.PROGRAM_ENROLLMENTS)) {
      if (r.get(STUDENT_ID).isEmpty()
          && !r.get(BIRTH_DATE).isEmpty()
          && r.get(BEGIN_DATE).startsWith("202")) {
        withoutId++;
        assertThat(listed)
            .contains(
                List.of(
                    Domain.PROGRAM_ENROLLMENTS.table(),
                    r.get(PROGRAM_ID),
                    r.get(FIRST_NAME),
                    r.get(LAST_NAME),
                    r.get(BIRTH_DATE),
                    r.get(BEGIN_DATE)));
      }
    }
    assertThat(withoutId).isPositive();
  }

  /**
   * The truth applies roster matching's rule: name and birth date, and where several students share
   * them, the school a programme enrolment row names when exactly one of them is enrolled there.
   */
  @Test
  void rosterIdentitiesSingleOutNamesakesByTheRowsSchoolOnly() {
    Dataset<Row> students =
        frame(
            "student_id string, first_name string, last_name string, birth_date date",
            List.of(
                List.of("1", "Ana", "Ruiz", "2015-01-01"),
                List.of("2", "ANA", "Ruíz", "2015-01-01"),
                List.of("3", "Bo", "Li", "2016-02-02"),
                List.of("4", "Cy", "Vo", "2014-03-03"),
                List.of("5", "Cy", "Vo", "2014-03-03")));
    Dataset<Row> enrollments =
        frame(
            "student_id string, school_id string",
            List.of(
                List.of("1", "S1"),
                List.of("1", "S1"), // enrolled twice at S1: still one student there
                List.of("2", "S2"),
                List.of("3", "S2"),
                List.of("4", "S1"),
                List.of("5", "S1"),
                List.of("4", "S3")));
    // program_id names the case; every row but the last lacks the district id
    Dataset<Row> rosters =
        frame(
                "program_id string, first_name string, last_name string, birth_date date,"
                    + " school_id string, begin_date date, no_id boolean",
                List.of(
                    List.of(
                        "namesake-at-S1", "Ana", "Ruiz", "2015-01-01", "S1", "2025-01-06", true),
                    List.of(
                        "namesake-at-S2", "Ana", "Ruiz", "2015-01-01", "S2", "2025-01-06", true),
                    List.of("neither-at-S9", "Ana", "Ruiz", "2015-01-01", "S9", "2025-01-06", true),
                    List.of("no-school", "Ana", "Ruiz", "2015-01-01", "", "2025-01-06", true),
                    List.of("both-at-S1", "Cy", "Vo", "2014-03-03", "S1", "2025-01-06", true),
                    List.of("one-at-S3", "Cy", "Vo", "2014-03-03", "S3", "2025-01-06", true),
                    List.of("unique", "Bo", "Li", "2016-02-02", "S1", "2025-01-06", true),
                    List.of("stranger", "Zed", "Ruiz", "2015-01-01", "S1", "2025-01-06", true),
                    List.of("with-id", "Ana", "Ruiz", "2015-01-01", "S1", "2025-01-06", false)))
            .withColumn(SCHOOL_ID, nullif(col(SCHOOL_ID), lit("")))
            .withColumn("_ident", GenerateJob.identityKey());
    Dataset<Row> attendance =
        frame(
                "program_id string, first_name string, last_name string, birth_date date,"
                    + " attendance_date date, no_id boolean",
                List.of(
                    List.of("attended-namesake", "Ana", "Ruiz", "2015-01-01", "2025-01-07", true),
                    List.of("attended-unique", "Bo", "Li", "2016-02-02", "2025-01-07", true)))
            .withColumn("_ident", GenerateJob.identityKey());

    Map<String, String> expected = new HashMap<>();
    for (Row r :
        GenerateJob.identities(students, enrollments, rosters, attendance).collectAsList()) {
      assertThat(expected.put(r.getAs(PROGRAM_ID), r.getAs(Rosters.EXPECTED))).isNull();
    }
    assertThat(expected)
        .isEqualTo(
            Map.of(
                "namesake-at-S1", "1",
                "namesake-at-S2", "2",
                "neither-at-S9", "AMBIGUOUS",
                "no-school", "AMBIGUOUS",
                "both-at-S1", "AMBIGUOUS",
                "one-at-S3", "4",
                "unique", "3",
                "stranger", "UNMATCHED",
                "attended-namesake", "AMBIGUOUS",
                "attended-unique", "3"));
  }

  // ---------------------------------------------------------------- helpers

  /** A frame of the given DDL schema; dates are written as ISO text. */
  private static Dataset<Row> frame(String ddl, List<? extends List<?>> rows) {
    StructType schema = StructType.fromDDL(ddl);
    List<Row> typed = new ArrayList<>();
    for (List<?> r : rows) {
      Object[] values = r.toArray();
      for (int i = 0; i < values.length; i++) {
        if (schema.fields()[i].dataType() instanceof DateType && values[i] instanceof String v) {
          values[i] = java.sql.Date.valueOf(v);
        }
      }
      typed.add(RowFactory.create(values));
    }
    return spark.createDataFrame(typed, schema);
  }

  /**
   * A domain's CSV rows with dates parsed, without the planted defects whose key dates cannot be
   * read or were moved a decade back.
   */
  private Dataset<Row> read(Domain d) {
    Dataset<Row> rows =
        spark
            .read()
            .option("header", "true")
            .option("escape", "\"")
            .csv(inputA.resolve(d.table()).resolve("part-*.csv").toString());
    for (var c : d.columns()) {
      if (c.type() == org.ostshare.common.schema.ColumnType.DATE) {
        rows = rows.withColumn(c.name(), try_to_date(col(c.name()), "yyyy-MM-dd"));
        if (d.key().contains(c.name())) {
          rows = rows.filter(col(c.name()).geq(lit(LocalDate.parse("2020-01-01"))));
        }
      }
    }
    return rows;
  }

  /** Attendance rows that are not planted defects: real students, readable dates, this decade. */
  private Dataset<Row> cleanAttendance() {
    Set<String> kinds =
        Set.of(
            "EXCUSED_ABSENCE",
            "UNEXCUSED_ABSENCE",
            "OUT_OF_SCHOOL_SUSPENSION",
            "IN_SCHOOL_SUSPENSION",
            "TARDY",
            "EARLY_DEPARTURE");
    return read(Domain.ATTENDANCE)
        .withColumn(EVENT_DURATION, col(EVENT_DURATION).try_cast("double"))
        .filter(
            col(EVENT_DATE)
                .geq(lit(LocalDate.parse("2024-07-01")))
                .and(col(SCHOOL_ID).isNotNull())
                .and(col(ATTENDANCE_EVENT).isin(kinds.toArray()))
                .and(not(col(STUDENT_ID).startsWith("Z")))
                .and(coalesce(col(EVENT_DURATION), lit(0.0)).between(0.0, 1.0))
                .and(coalesce(col(EVENT_DURATION), lit(0.0)).notEqual(0.01)))
        .dropDuplicates();
  }

  /** The CSV records of a domain: its clean parts and its defective CSV rows, not raw lines. */
  private List<CSVRecord> records(Domain d) throws IOException {
    List<CSVRecord> out = new ArrayList<>();
    for (Path f : csvFiles(inputA.resolve(d.table()))) {
      if (f.getFileName().toString().equals(Defects.RAW_FILE)) {
        continue;
      }
      try (Reader r = Files.newBufferedReader(f);
          CSVParser p =
              CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        out.addAll(p.getRecords());
      }
    }
    return out;
  }

  private Map<String, Object> params() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> m =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(inputA.resolveSibling("truth/params.json").toFile(), Map.class);
    return m;
  }

  private static long kindCount(Map<String, Number> kinds, String kind) {
    Number n = kinds.get(kind);
    return n == null ? 0 : n.longValue();
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static List<Path> csvFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
  }

  private static String firstLine(Path f) throws IOException {
    byte[] bytes = Files.readAllBytes(f);
    return new String(split(bytes).get(0), StandardCharsets.UTF_8);
  }

  private static List<byte[]> split(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return lines;
  }
}
