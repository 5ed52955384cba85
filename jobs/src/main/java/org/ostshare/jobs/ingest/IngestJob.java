package org.ostshare.jobs.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.try_to_date;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ostshare.common.error.Errors;
import org.ostshare.common.error.OstshareException;
import org.ostshare.common.quality.Reason;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.ingest.IngestResult.DomainResult;
import org.ostshare.jobs.ingest.IngestResult.Example;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.IngestSettings;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.settings.SourceSettings;
import org.ostshare.jobs.spark.Parallel;
import org.ostshare.jobs.spark.Stage;

/**
 * Ingestion: reads a district's export for one period, validates every row against the canonical
 * schema ({@link Validation}), and writes accepted rows to the conformed tables and the others,
 * with their original line, source file and every reason, to the quarantine.
 *
 * <p>The run is all or nothing for the conformed tables: every domain is validated and counted
 * first (each validated frame persisted once, one aggregation for all its counts); then, if no
 * domain's quarantined share exceeds {@code ingest.max-quarantine-share}, each conformed table's
 * period slice is replaced atomically. When the gate fails, the conformed tables keep their
 * previous state, while the quarantine, the ingest_runs row and the report are still written so
 * people can see why. Counts reconcile per domain: read = accepted + quarantined.
 */
public final class IngestJob {
  /** Columns of the quarantine table (period is added by the slice write). */
  public static final StructType QUARANTINE_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("source_file", DataTypes.StringType, false)
          .add("line", DataTypes.StringType, true)
          .add("reason_codes", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("ingested_at", DataTypes.TimestampType, false);

  /** Columns of the ingest_runs table: one row per run and domain. */
  public static final StructType RUNS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add(Cols.PERIOD, DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("files", DataTypes.IntegerType, false)
          .add("read", DataTypes.LongType, false)
          .add("accepted", DataTypes.LongType, false)
          .add("quarantined", DataTypes.LongType, false)
          .add("header_lines", DataTypes.LongType, false)
          .add("blank_lines", DataTypes.LongType, false)
          .add("quarantined_share", DataTypes.DoubleType, false)
          .add("top_reason", DataTypes.StringType, true)
          .add("gate_passed", DataTypes.BooleanType, false)
          .add("committed", DataTypes.BooleanType, false);

  /**
   * Up to this many accepted keys, a domain's references are checked by broadcasting its keys to
   * every task (of the order of 100 MB of student ids at 2 million), so the referring domain, tens
   * of millions of rows, is not shuffled and sorted to meet them.
   */
  static final long BROADCAST_KEYS = 2_000_000;

  /** The column of the file a line was read from, as Spark names it. */
  static final String PATH = "_path";

  /**
   * The most partitions a key check is split in, as for {@code ostshare.spark.shuffle-partitions}.
   */
  private static final int MAX_KEY_PARTITIONS = 100_000;

  private IngestJob() {}

  /**
   * Ingests the period and returns what it did.
   *
   * @throws OstshareException of kind INPUT when a source cannot be used (nothing written), or
   *     QUALITY when the gate fails (conformed tables untouched; quarantine, ingest_runs and report
   *     written)
   */
  public static IngestResult run(SparkSession spark, Settings settings, Period period) {
    IngestResult result = execute(spark, settings, period);
    if (!result.gatePassed()) {
      throw gateError(result);
    }
    return result;
  }

  /**
   * Checks every source and validates every row, exactly as {@link #run} does, without writing
   * anything. The result holds the report text; the gate's verdict is in {@link
   * IngestResult#gateFailures()}.
   */
  public static IngestResult validate(SparkSession spark, Settings settings, Period period) {
    return execute(spark, settings, period, false);
  }

  /** The quality-gate error for a result whose gate failed. */
  public static OstshareException gateError(IngestResult result) {
    return Errors.quality(
        "Ingestion of "
            + result.period()
            + " stopped: too many rows were quarantined.\n    - "
            + String.join("\n    - ", result.gateFailures()),
        "A domain whose quarantined share is above ingest.max-quarantine-share ("
            + percent(result.maxQuarantineShare())
            + ") is not trusted, so no conformed table was replaced for "
            + result.period()
            + "; the quarantine and the report were written"
            + (result.reportPath() == null ? "" : " (" + result.reportPath() + ")")
            + ".",
        "Read the report, fix the export or the source mapping (ingest.sources.<domain>), and"
            + " run again; or raise ingest.max-quarantine-share if the share is expected.");
  }

  /**
   * Ingests the period like {@link #run} but returns the result when the gate fails (the command
   * prints it before failing with {@link #gateError}).
   */
  public static IngestResult execute(SparkSession spark, Settings settings, Period period) {
    return execute(spark, settings, period, true);
  }

  static IngestResult execute(SparkSession spark, Settings settings, Period period, boolean write) {
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    String runId = UUID.randomUUID().toString();
    IngestSettings ingest = settings.ingest();
    Warehouse warehouse = Warehouse.of(settings);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();

    List<SourceFiles.Resolved> sources = preflight(spark, hadoop, settings);
    List<String> warnings = new ArrayList<>();
    sources.forEach(s -> warnings.addAll(s.warnings()));

    int shuffle = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    Set<Domain> referenced = EnumSet.noneOf(Domain.class);
    for (Domain d : Domain.values()) {
      d.references().forEach(r -> referenced.add(r.targetDomain()));
    }
    Map<Domain, Dataset<Row>> validated = new EnumMap<>(Domain.class);
    Map<Domain, Dataset<Row>> acceptedKeys = new EnumMap<>(Domain.class);
    Set<Domain> fewKeys = EnumSet.noneOf(Domain.class);
    // students that rosters without an id may name but that were not accepted (none: absent)
    Map<Domain, Dataset<Row>> withheld = new EnumMap<>(Domain.class);
    List<Dataset<Row>> withheldCache = new ArrayList<>();
    List<DomainResult> results = new ArrayList<>();
    try {
      // a domain is validated once the domains it references are: those at the same depth of
      // references are independent and run at the same time
      for (List<SourceFiles.Resolved> level :
          byReferenceDepth(sources, SourceFiles.Resolved::domain)) {
        List<Validated> done =
            Parallel.map(
                spark,
                level,
                ingest.parallelDomains(),
                "validate",
                source -> {
                  Domain domain = source.domain();
                  int keyPartitions =
                      keyCheckPartitions(
                          source.textBytes(), ingest.keyCheckPartitionSize(), shuffle);
                  try (Stage stage =
                      Stage.start(spark, write ? "ingest" : "validate", domain.table())) {
                    Validated v =
                        validateOne(
                            spark,
                            source,
                            acceptedKeys,
                            fewKeys,
                            withheld.get(Domain.STUDENTS),
                            referenced.contains(domain),
                            ingest.examplesPerReason(),
                            keyPartitions,
                            warehouse.conformed(domain));
                    stage.done(
                        String.format(
                                "%,d read, %,d accepted, %,d quarantined",
                                v.counts().read(), v.counts().accepted(), v.counts().quarantined())
                            + (keyPartitions > 0
                                ? "; keys checked in " + keyPartitions + " partitions"
                                : ""));
                    return v;
                  }
                });
        for (Validated v : done) {
          Domain domain = v.counts().domain();
          validated.put(domain, v.frame());
          results.add(v.counts());
          v.warning().ifPresent(warnings::add);
          if (v.keys() != null) {
            acceptedKeys.put(domain, v.keys());
            // a domain's accepted rows have distinct keys: duplicates and conflicts are quarantined
            if (v.counts().accepted() <= BROADCAST_KEYS) {
              fewKeys.add(domain);
            }
          }
        }
        if (level.stream().anyMatch(s -> s.domain() == Domain.STUDENTS)) {
          withheldStudents(
                  validated.get(Domain.STUDENTS), acceptedKeys.get(Domain.STUDENTS), withheldCache)
              .ifPresent(w -> withheld.put(Domain.STUDENTS, w));
        }
      }
      results.sort(Comparator.comparing(DomainResult::domain));

      List<String> gateFailures = new ArrayList<>();
      for (DomainResult r : results) {
        if (r.quarantinedShare() > ingest.maxQuarantineShare()) {
          gateFailures.add(
              r.domain().table()
                  + ": "
                  + percent(r.quarantinedShare())
                  + " quarantined ("
                  + r.quarantined()
                  + " of "
                  + r.read()
                  + ") is above the threshold of "
                  + percent(ingest.maxQuarantineShare())
                  + "; top reasons: "
                  + topReasons(r, 3));
        }
      }
      boolean committed = write && gateFailures.isEmpty();
      String reportPath = write ? reportPath(warehouse, period) : null;
      Set<String> partners = partnerIds(validated.get(Domain.PARTNERS));
      IngestResult result =
          new IngestResult(
              runId,
              period,
              write,
              committed,
              results,
              warnings,
              gateFailures,
              ingest.maxQuarantineShare(),
              partners,
              reportPath,
              "",
              Duration.ZERO);
      String report = QualityReport.markdown(result, ingest.examplesPerReason());
      if (write) {
        if (committed) {
          Parallel.map(
              spark,
              sources,
              ingest.parallelDomains(),
              "write-conformed",
              source -> {
                Domain domain = source.domain();
                try (Stage stage =
                    Stage.start(spark, "ingest", "write conformed " + domain.table())) {
                  writeConformed(spark, accepted(validated.get(domain)), domain, warehouse, period);
                  stage.done();
                }
                return domain;
              });
        }
        try (Stage stage = Stage.start(spark, "ingest", "write quarantine")) {
          writeQuarantine(spark, sources, validated, runId, startedAt, warehouse, period);
          stage.done(String.format("%,d rows", result.quarantined()));
        }
        try (Stage stage = Stage.start(spark, "ingest", "write run log and report")) {
          writeRuns(spark, result, startedAt, warehouse);
          QualityReport.write(hadoop, reportPath, report);
          stage.done();
        }
      }
      return new IngestResult(
          runId,
          period,
          write,
          committed,
          results,
          warnings,
          gateFailures,
          ingest.maxQuarantineShare(),
          partners,
          reportPath,
          report,
          Duration.ofNanos(System.nanoTime() - started));
    } finally {
      validated.values().forEach(d -> d.unpersist(true));
      acceptedKeys.values().forEach(d -> d.unpersist(true));
      withheldCache.forEach(d -> d.unpersist(true));
    }
  }

  /** One domain validated: its rows, counts, accepted keys (if referenced) and any warning. */
  private record Validated(
      Dataset<Row> frame, DomainResult counts, Dataset<Row> keys, Optional<String> warning) {}

  private static Validated validateOne(
      SparkSession spark,
      SourceFiles.Resolved source,
      Map<Domain, Dataset<Row>> acceptedKeys,
      Set<Domain> fewKeys,
      Dataset<Row> withheld,
      boolean referenced,
      int examples,
      int keyPartitions,
      String conformedPath) {
    Domain domain = source.domain();
    // computed once, by the counts below, and cached for the later passes (accepted keys, writes,
    // quarantine). Spark's cache stores columns, where a local checkpoint held each row as an
    // object: at 1,000,000 students those rows no longer fit in memory and every pass read them
    // back from disk (docs/benchmarks.md, item 27). One machine keeps the columns uncompressed
    // (conf/local.conf, item 40)
    Dataset<Row> frame =
        withoutSourceOfKeptRows(
                validateDomain(spark, source, acceptedKeys, fewKeys, withheld, keyPartitions))
            .persist(StorageLevel.MEMORY_AND_DISK());
    DomainResult counts;
    try {
      // the first action, and the only one that reads the files: later ones read the cache
      counts = countDomain(frame, source, examples, conformedPath);
    } catch (Exception e) { // Spark's SparkException is checked, but Scala throws it undeclared
      frame.unpersist(true);
      Optional<OstshareException> unreadable = SourceFiles.unreadable(source, e);
      if (unreadable.isPresent()) {
        throw unreadable.get();
      }
      throw e;
    }
    Optional<String> warning = Optional.empty();
    if (counts.headerLines() != source.files().size() && source.settings().header()) {
      warning =
          Optional.of(
              domain.table()
                  + ": "
                  + counts.headerLines()
                  + " header lines in "
                  + source.files().size()
                  + " files; lines repeating a file's header are dropped as headers");
    }
    Dataset<Row> keys =
        referenced
            ? accepted(frame)
                .select(col(domain.key().get(0)))
                .distinct()
                .persist(StorageLevel.MEMORY_AND_DISK())
            : null;
    return new Validated(frame, counts, keys, warning);
  }

  /**
   * Items grouped by the depth of their domain's references: first those whose domain references
   * none, then those referencing only the first group, and so on; each group in the items' order.
   */
  static <T> List<List<T>> byReferenceDepth(List<T> items, Function<T, Domain> domainOf) {
    Map<Domain, Integer> depth = new EnumMap<>(Domain.class);
    for (Domain d : Domain.values()) {
      // domains are declared after the domains they reference, so one pass settles every depth
      int deepest = -1;
      for (Domain.Reference r : d.references()) {
        deepest = Math.max(deepest, depth.get(r.targetDomain()));
      }
      depth.put(d, deepest + 1);
    }
    TreeMap<Integer, List<T>> levels = new TreeMap<>();
    for (T item : items) {
      levels.computeIfAbsent(depth.get(domainOf.apply(item)), k -> new ArrayList<>()).add(item);
    }
    return List.copyOf(levels.values());
  }

  /**
   * The ids of the accepted partner rows: the registry that publish would bind agreements to.
   * Organisations, not students, and a handful of them, so they may come to the driver.
   */
  private static Set<String> partnerIds(Dataset<Row> partners) {
    Set<String> ids = new TreeSet<>();
    if (partners != null) {
      for (Row r : accepted(partners).select(col(Cols.PARTNER_ID)).distinct().collectAsList()) {
        ids.add(r.getString(0));
      }
    }
    return ids;
  }

  /**
   * Finds every source's files and reads their headers; any problem stops the run here, before
   * anything is read or written, with all problems listed.
   */
  static List<SourceFiles.Resolved> preflight(
      SparkSession spark, Configuration hadoop, Settings settings) {
    List<String> problems = new ArrayList<>();
    List<SourceFiles.Resolved> sources = new ArrayList<>();
    Set<String> formats = new LinkedHashSet<>();
    for (Domain domain : Domain.values()) {
      SourceSettings source = settings.ingest().source(domain);
      formats.addAll(source.dateFormats());
      sources.add(SourceFiles.resolve(hadoop, settings.input(), source, problems));
    }
    for (String format : formats) {
      try {
        spark.range(1).select(try_to_date(lit("2000-01-01"), format)).collect();
      } catch (RuntimeException e) {
        problems.add(
            "date format '"
                + format
                + "' (ingest date-formats) is not a pattern Spark can read: "
                + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    if (!problems.isEmpty()) {
      throw Errors.input(
          "The input under "
              + settings.input()
              + " cannot be ingested:\n    - "
              + String.join("\n    - ", problems),
          "Every source is checked before any data is read, so nothing was written.",
          "Fix the files or the ingest.sources settings named above; `ostshare validate` checks"
              + " them without writing anything.");
    }
    return sources;
  }

  /**
   * How many partitions a domain's key check sorts its rows in: one per {@code partitionSize} of
   * its text when that is more than the shuffle partitions, else 0 (the shuffle partitions, left to
   * Spark). On one machine a few shuffle partitions suit the many small queries of a run, but gave
   * the sort of a 1,000,000-student attendance file a few huge tasks: with 2, that ingest took 855
   * s and 17.3 GiB, against 800 s and 13.9 GiB split this way (docs/benchmarks.md, item 34).
   */
  static int keyCheckPartitions(long textBytes, long partitionSize, int shufflePartitions) {
    long wanted = (textBytes + partitionSize - 1) / partitionSize; // sizes fit a long many times
    return wanted > shufflePartitions ? (int) Math.min(wanted, MAX_KEY_PARTITIONS) : 0;
  }

  /**
   * One domain's rows, parsed and validated: canonical typed columns plus reasons.
   *
   * @param keyPartitions partitions of the key check ({@link #keyCheckPartitions}; 0: Spark's)
   */
  static Dataset<Row> validateDomain(
      SparkSession spark,
      SourceFiles.Resolved source,
      Map<Domain, Dataset<Row>> acceptedKeys,
      Set<Domain> fewKeys,
      Dataset<Row> withheld,
      int keyPartitions) {
    SourceSettings settings = source.settings();
    UserDefinedFunction parse =
        functions.udf(new LineParser(settings, source.files()), LineParser.RESULT);
    Dataset<Row> lines =
        numberedLines(spark, source)
            .select(
                parse.apply(col(PATH), col("value").cast(DataTypes.BinaryType)).as("p"),
                col("value"),
                col(Validation.ROW));
    return Validation.unpack(lines)
        .transform(l -> Validation.checkRows(l, settings))
        .transform(c -> Validation.checkKeys(c, source.domain(), keyPartitions))
        .transform(c -> Validation.checkReferences(c, source.domain(), acceptedKeys, fewKeys))
        .transform(c -> Validation.checkWithheldIdentities(c, source.domain(), withheld));
  }

  /**
   * A source's lines as validation reads them: the text, its file, and its number ({@link
   * Validation#ROW}), taken before anything can drop a line.
   */
  static Dataset<Row> numberedLines(SparkSession spark, SourceFiles.Resolved source) {
    String[] files = source.files().stream().map(FileLayout::file).toArray(String[]::new);
    return spark
        .read()
        .text(files)
        .select(
            col("value"),
            input_file_name().as(PATH),
            monotonically_increasing_id().as(Validation.ROW));
  }

  /**
   * The students rosters may name that were not accepted ({@link Validation#withheldStudents}),
   * cached and broadcast where few; empty when there are none, so that clean data adds no join.
   */
  private static Optional<Dataset<Row>> withheldStudents(
      Dataset<Row> validatedStudents, Dataset<Row> acceptedIds, List<Dataset<Row>> cached) {
    Dataset<Row> withheld =
        Validation.withheldStudents(validatedStudents, acceptedIds)
            .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(withheld);
    long n = withheld.count();
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(n <= BROADCAST_KEYS ? broadcast(withheld) : withheld);
  }

  /**
   * The original line only where the quarantine needs it: on rows with a reason. It is the widest
   * column of most kept rows, which every later pass over them (counts, keys, writes, quarantine)
   * would otherwise read again (docs/benchmarks.md, item 24).
   */
  static Dataset<Row> withoutSourceOfKeptRows(Dataset<Row> validated) {
    return validated.withColumn(Validation.LINE, when(hasReasons(), col(Validation.LINE)));
  }

  /** The name of the file at a position in a source's files (the validated frame's file column). */
  static Column fileName(Column position, List<FileLayout> files) {
    return element_at(
        array(files.stream().map(f -> lit(f.file())).toArray(Column[]::new)), position.plus(1));
  }

  static Column isData() {
    return col(Validation.KIND).equalTo(lit(LineParser.Kind.DATA.name()));
  }

  /** Accepted rows of a validated frame, with the canonical columns only. */
  static Dataset<Row> accepted(Dataset<Row> validated) {
    return validated.filter(isData().and(size(col(Validation.REASONS)).equalTo(0)));
  }

  static Dataset<Row> quarantined(Dataset<Row> validated) {
    return validated.filter(isData().and(hasReasons()));
  }

  /** Whether a row has a reason to be quarantined (header and blank lines have none). */
  static Column hasReasons() {
    return size(col(Validation.REASONS)).gt(0);
  }

  /** All counts of a domain in one aggregation, plus a few example lines per reason. */
  static DomainResult countDomain(
      Dataset<Row> frame, SourceFiles.Resolved source, int examplesPerReason, String conformed) {
    Column codes = col(Validation.REASONS).getField("code");
    Column ok = size(col(Validation.REASONS)).equalTo(0);
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)).as("lines"));
    aggs.add(count(when(isData(), 1)).as("read"));
    aggs.add(count(when(isData().and(ok), 1)).as("accepted"));
    aggs.add(count(when(isData().and(functions.not(ok)), 1)).as("quarantined"));
    aggs.add(
        count(when(col(Validation.KIND).equalTo(LineParser.Kind.HEADER.name()), 1)).as("header"));
    aggs.add(
        count(when(col(Validation.KIND).equalTo(LineParser.Kind.BLANK.name()), 1)).as("blank"));
    for (Reason reason : Reason.values()) {
      aggs.add(count(when(array_contains(codes, reason.name()), 1)).as(reason.name()));
    }
    Row row = frame.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long lines = row.getLong(0);
    long read = row.getLong(1);
    long accepted = row.getLong(2);
    long quarantined = row.getLong(3);
    long header = row.getLong(4);
    long blank = row.getLong(5);
    if (read != accepted + quarantined || lines != read + header + blank) {
      throw new IllegalStateException(
          String.format(
              "%s does not reconcile: %d lines, %d read, %d accepted, %d quarantined, %d header,"
                  + " %d blank",
              source.domain().table(), lines, read, accepted, quarantined, header, blank));
    }
    Map<Reason, Long> reasons = new LinkedHashMap<>();
    List<Map.Entry<Reason, Long>> found = new ArrayList<>();
    for (Reason reason : Reason.values()) {
      long n = row.getLong(row.fieldIndex(reason.name()));
      if (n > 0) {
        found.add(Map.entry(reason, n));
      }
    }
    found.sort(
        Map.Entry.<Reason, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    found.forEach(e -> reasons.put(e.getKey(), e.getValue()));
    List<Example> examples =
        quarantined > 0 && examplesPerReason > 0
            ? examples(frame, source.files(), examplesPerReason)
            : List.of();
    return new DomainResult(
        source.domain(),
        source.location(),
        source.files().stream().map(FileLayout::file).toList(),
        read,
        accepted,
        quarantined,
        header,
        blank,
        reasons,
        examples,
        conformed);
  }

  /** Up to {@code n} quarantined lines per reason (a small collect: n x reasons rows). */
  private static List<Example> examples(Dataset<Row> frame, List<FileLayout> files, int n) {
    Dataset<Row> exploded =
        quarantined(frame)
            .select(
                fileName(col(Validation.FILE), files).as(Validation.FILE),
                col(Validation.LINE),
                explode(col(Validation.REASONS)).as("r"))
            .select(
                col(Validation.FILE),
                col(Validation.LINE),
                col("r.code").as("code"),
                col("r.message").as("message"));
    List<Row> rows =
        exploded
            .withColumn(
                "n",
                row_number()
                    .over(
                        Window.partitionBy(col("code"))
                            .orderBy(col(Validation.FILE), col(Validation.LINE))))
            .filter(col("n").leq(n))
            .orderBy(col("code"), col("n"))
            .collectAsList();
    List<Example> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Example(
              Reason.valueOf(r.getString(2)), r.getString(0), r.getString(1), r.getString(3)));
    }
    return out;
  }

  private static void writeConformed(
      SparkSession spark,
      Dataset<Row> accepted,
      Domain domain,
      Warehouse warehouse,
      Period period) {
    String path = warehouse.conformed(domain);
    StructType schema = domain.conformedSchema();
    boolean created = !DeltaTables.exists(spark, path);
    if (created) {
      // created first, not by the write: a write would make every column nullable, and the data
      // contract's NOT NULL columns are enforced by the table. Without column statistics: readers
      // select by period (the partition) and join on ids, the files are in no column's order, and
      // computing min/max of every column took 7 % of the executors' time in a 250,000-student
      // ingest (docs/benchmarks.md, item 25)
      DeltaTable.createIfNotExists(spark)
          .location(path)
          .addColumns(schema)
          .partitionedBy(Cols.PERIOD)
          .property(DeltaTables.NO_COLUMN_STATS, "0")
          .execute();
    }
    Column[] columns =
        domain.columns().stream()
            .map(c -> col(c.name()).cast(c.type().sparkType()).as(c.name()))
            .toArray(Column[]::new);
    Dataset<Row> rows = accepted.select(columns);
    if (created) {
      // the table is empty: an append is the slice's replacement, without replaceWhere's search of
      // the new table's files (a snapshot of it computed by two Spark jobs)
      DeltaTables.appendSlice(rows, path, Cols.PERIOD, period.toString());
    } else {
      DeltaTables.replaceSlice(rows, path, Cols.PERIOD, period.toString());
    }
  }

  private static void writeQuarantine(
      SparkSession spark,
      List<SourceFiles.Resolved> sources,
      Map<Domain, Dataset<Row>> validated,
      String runId,
      Instant at,
      Warehouse warehouse,
      Period period) {
    Dataset<Row> all = null;
    for (SourceFiles.Resolved source : sources) {
      Dataset<Row> rows =
          quarantined(validated.get(source.domain()))
              .select(
                  lit(runId).as("run_id"),
                  lit(source.domain().table()).as("domain"),
                  fileName(col(Validation.FILE), source.files()).as("source_file"),
                  col(Validation.LINE).as("line"),
                  col(Validation.REASONS).getField("code").as("reason_codes"),
                  col(Validation.REASONS).getField("message").as("reasons"),
                  lit(Timestamp.from(at)).as("ingested_at"));
      all = all == null ? rows : all.unionByName(rows);
    }
    if (all == null) {
      all = spark.createDataFrame(List.of(), QUARANTINE_SCHEMA);
    }
    DeltaTables.replaceSlice(all, warehouse.quarantine(), Cols.PERIOD, period.toString());
  }

  private static void writeRuns(
      SparkSession spark, IngestResult result, Instant startedAt, Warehouse warehouse) {
    List<Row> rows = new ArrayList<>();
    for (DomainResult d : result.domains()) {
      rows.add(
          RowFactory.create(
              result.runId(),
              result.period().toString(),
              d.domain().table(),
              Timestamp.from(startedAt),
              d.files().size(),
              d.read(),
              d.accepted(),
              d.quarantined(),
              d.headerLines(),
              d.blankLines(),
              d.quarantinedShare(),
              d.topReason().map(Enum::name).orElse(null),
              d.quarantinedShare() <= result.maxQuarantineShare(),
              result.committed()));
    }
    DeltaTables.append(spark.createDataFrame(rows, RUNS_SCHEMA), warehouse.ingestRuns());
  }

  /** Where a period's data-quality report goes: reports/ingest/PERIOD/data-quality.md. */
  public static String reportPath(Warehouse warehouse, Period period) {
    return Settings.resolve(warehouse.reports(), "ingest/" + period + "/data-quality.md");
  }

  static String topReasons(DomainResult r, int n) {
    List<String> parts = new ArrayList<>();
    r.reasons().entrySet().stream()
        .limit(n)
        .forEach(e -> parts.add(e.getKey().name() + " " + e.getValue()));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  static String percent(double share) {
    return String.format("%.1f%%", share * 100);
  }
}
