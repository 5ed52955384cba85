package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.FieldRule;
import org.ostshare.common.error.Errors;
import org.ostshare.common.publish.Delivery;
import org.ostshare.common.publish.Reason;
import org.ostshare.common.publish.Scope;
import org.ostshare.common.publish.SourceData;
import org.ostshare.common.roster.RosterMatching;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.common.schema.SharedDomain;
import org.ostshare.common.time.Period;
import org.ostshare.jobs.io.DeltaTables;
import org.ostshare.jobs.io.Warehouse;
import org.ostshare.jobs.settings.Settings;
import org.ostshare.jobs.spark.KeptRows;
import org.ostshare.jobs.spark.Parallel;
import org.ostshare.jobs.spark.Stage;

/**
 * {@code ostshare publish}: for every partner with an agreement, the students it serves in a period
 * and exactly the fields its agreement lists. Agreements are bound first, before any student data
 * is read; one refused agreement stops the run. Per partner: approval and agreement check, scope,
 * projection, then the published Delta tables, the delivery folder, the record of disclosures and
 * the delivery register. {@link #explain} runs the same decisions and writes nothing.
 */
public final class PublishJob {
  static final String REPORT_CARD_TABLE = "report_card";

  private PublishJob() {}

  /** What one partner received (or why it received nothing). */
  public record PartnerResult(
      String partner,
      String agreement,
      String basis,
      String withheldBecause,
      Map<Reason, Long> reasons,
      Map<String, Long> rows,
      Map<String, List<String>> fields,
      long unmatchedRosterRows,
      LocalDate destroyBy,
      String delivery) {

    public long delivered() {
      return PublishJob.delivered(reasons);
    }
  }

  /** Students delivered: included, with or without their directory fields. */
  static long delivered(Map<Reason, Long> reasons) {
    return reasons.getOrDefault(Reason.INCLUDED, 0L)
        + reasons.getOrDefault(Reason.INCLUDED_DIRECTORY_WITHHELD, 0L);
  }

  public record Result(
      Period period, LocalDate asOf, List<PartnerResult> partners, String report) {}

  /**
   * Everything decided before per-partner work: agreements, registry, matched sources; closing it
   * releases the matching's kept rows.
   */
  record Prepared(
      Map<String, Agreement> agreements,
      Map<String, Row> registry,
      SourceData source,
      Dataset<Row> unmatched,
      KeptRows matching)
      implements AutoCloseable {
    @Override
    public void close() {
      matching.close();
    }
  }

  /** Publishes a period for every partner with an agreement. */
  public static Result run(
      SparkSession spark,
      Settings settings,
      Period period,
      LocalDate asOf,
      Map<String, String> environment) {
    LocalDate on = asOf == null ? period.end() : asOf;
    Warehouse wh = Warehouse.of(settings);
    try (Prepared p = prepare(spark, settings, period, on, environment)) {
      return publish(spark, settings, wh, p, period, on);
    }
  }

  private static Result publish(
      SparkSession spark,
      Settings settings,
      Warehouse wh,
      Prepared p,
      Period period,
      LocalDate on) {
    String runId = UUID.randomUUID().toString();
    Map<String, Long> unmatched = writeMatchReport(spark, wh, p, period);
    List<Published> published;
    DeliverySources shared;
    // a city's run spent 15 s here with nothing on the screen between two steps
    try (Stage s = Stage.start(spark, "publish", "sources every partner's decisions read")) {
      shared = DeliverySources.share(p.source(), on, settings.publish().parallelPartners());
      s.done();
    }
    try (DeliverySources sources = shared) {
      List<Decided> decided;
      try (Stage s = Stage.start(spark, "publish", "decisions for every partner")) {
        decided =
            Parallel.map(
                spark,
                List.copyOf(p.agreements().values()),
                settings.publish().parallelPartners(),
                "decide",
                a -> decide(p, sources.full(), a, period, on));
        s.done(decided.size() + " partners");
      }
      SourceData narrowed;
      try (Stage s = Stage.start(spark, "publish", "rows of the delivered students")) {
        narrowed =
            sources.narrowTo(
                decided.stream().map(d -> Scope.delivered(d.decided().decisions())).toList());
        s.done();
      }
      published =
          Parallel.map(
              spark,
              decided,
              settings.publish().parallelPartners(),
              "publish",
              d -> {
                String partner = d.decided().agreement().partner();
                try (Stage s = Stage.start(spark, "publish", partner + " " + period)) {
                  Published r =
                      attempt(
                          () ->
                              publishPartner(
                                  spark,
                                  settings,
                                  wh,
                                  p,
                                  d,
                                  narrowed,
                                  unmatched.getOrDefault(partner, 0L),
                                  period,
                                  on,
                                  runId));
                  s.done(
                      r.failure() != null
                          ? "failed"
                          : r.result().withheldBecause() == null
                              ? r.result().delivered() + " students"
                              : "nothing: " + r.result().withheldBecause());
                  return r;
                }
              });
      // the disclosure records are read from the decisions: release them only after
      recordDeliveries(spark, wh, published);
      decided.forEach(d -> d.decided().decisions().unpersist(true));
    }
    published.stream()
        .map(Published::failure)
        .filter(f -> f != null)
        .findFirst()
        .ifPresent(
            f -> {
              throw f;
            });
    List<PartnerResult> results = published.stream().map(Published::result).toList();
    String report = wh.publishReports() + "/" + period + ".md";
    DeliveryFolder.writeText(spark, report, RunReport.markdown(period, on, results));
    return new Result(period, on, List.copyOf(results), report);
  }

  /** What a partner would receive for a period: counts by reason and fields. Writes nothing. */
  public static PartnerResult explain(
      SparkSession spark,
      Settings settings,
      String partner,
      Period period,
      LocalDate asOf,
      Map<String, String> environment) {
    LocalDate on = asOf == null ? period.end() : asOf;
    try (Prepared p = prepare(spark, settings, period, on, environment)) {
      Agreement a = p.agreements().get(partner);
      if (a == null) {
        throw Errors.refused(
            "Partner " + partner + " has no agreement.",
            "Without an agreement a partner receives nothing.",
            "Agreements with partners: " + String.join(", ", p.agreements().keySet()) + ".");
      }
      Decided d = decide(p, p.source(), a, period, on);
      return new PartnerResult(
          a.partner(),
          a.label(),
          a.basis().key(),
          d.decided().withheldBecause().orElse(null),
          d.reasons(),
          Map.of(),
          a.fieldNames(),
          unmatched(p, a.partner()),
          a.destroyBy(period.end()),
          null);
    }
  }

  /** The text {@code ostshare explain} prints. */
  public static String explainText(PartnerResult r) {
    return RunReport.explain(r);
  }

  /** Binds the agreements, reads the registry and the period's slices, matches the rosters. */
  static Prepared prepare(
      SparkSession spark,
      Settings settings,
      Period period,
      LocalDate asOf,
      Map<String, String> environment) {
    Warehouse wh = Warehouse.of(settings);
    Map<String, Row> registry = new LinkedHashMap<>();
    List<Agreement> all;
    Map<String, Agreement> governing;
    try (Stage s = Stage.start(spark, "publish", "partner registry and agreements")) {
      for (Row r : slice(spark, wh, Domain.PARTNERS, period).collectAsList()) {
        registry.put(r.getAs(Cols.PARTNER_ID), r);
      }
      all = AgreementCatalog.load(settings, registry.keySet(), environment);
      governing = AgreementCatalog.governing(all, asOf);
      s.done(all.size() + " agreements bound, " + governing.size() + " partners");
    }
    Map<Domain, Dataset<Row>> tables = new EnumMap<>(Domain.class);
    for (Domain d : Domain.values()) {
      tables.put(d, slice(spark, wh, d, period));
    }
    // the rows without a district id are decided once and kept: the match report, the partners'
    // decisions and their deliveries all read the matching's results. The rosters themselves are
    // not kept: programme attendance is read once, for the delivered students, and caching it
    // cost a city 30 CPU-s (docs/benchmarks.md, items 35 and 38)
    KeptRows decided = new KeptRows();
    try {
      Matched m = matched(spark, tables, decided);
      return new Prepared(governing, registry, m.source(), m.unmatched(), decided);
    } catch (Throwable t) { // a failed match releases what it kept: the session may go on
      decided.close();
      throw t;
    }
  }

  /** The period's slices with both rosters matched, and the unmatched rows of the two. */
  private record Matched(SourceData source, Dataset<Row> unmatched) {}

  private static Matched matched(
      SparkSession spark, Map<Domain, Dataset<Row>> tables, KeptRows decided) {
    Dataset<Row> students = tables.get(Domain.STUDENTS);
    Dataset<Row> enrollments = tables.get(Domain.ENROLLMENTS);
    List<Domain> rosters = List.of(Domain.PROGRAM_ENROLLMENTS, Domain.PROGRAM_ATTENDANCE);
    List<RosterMatching.Result> matches;
    try (Stage s = Stage.start(spark, "publish", "roster matching")) {
      matches =
          Parallel.map(
              spark,
              rosters,
              rosters.size(),
              "match",
              r -> RosterMatching.match(tables.get(r), students, enrollments, decided));
      s.done();
    }
    List<Dataset<Row>> unmatched = new ArrayList<>();
    for (int i = 0; i < rosters.size(); i++) {
      RosterMatching.Result m = matches.get(i);
      tables.put(rosters.get(i), m.matched().drop(RosterMatching.MATCH_METHOD));
      unmatched.add(
          m.unmatched()
              .join(
                  tables.get(Domain.PROGRAMS).select(Cols.PROGRAM_ID, Cols.PARTNER_ID),
                  Cols.PROGRAM_ID,
                  "left")
              .select(
                  col(Cols.PARTNER_ID),
                  lit(rosters.get(i).table()).as("roster"),
                  col(Cols.PROGRAM_ID),
                  col(Cols.FIRST_NAME),
                  col(Cols.LAST_NAME),
                  col(Cols.BIRTH_DATE),
                  col(RosterMatching.MATCH_STATUS),
                  col(RosterMatching.CANDIDATES)));
    }
    return new Matched(new SourceData(tables), unmatched.get(0).unionByName(unmatched.get(1)));
  }

  private static Dataset<Row> slice(SparkSession spark, Warehouse wh, Domain d, Period period) {
    String path = wh.conformed(d);
    if (!DeltaTables.exists(spark, path)) {
      throw Errors.input(
          "The conformed table of '" + d.table() + "' does not exist at " + path + ".",
          "Publishing reads what ingestion accepted.",
          "Run 'ostshare ingest --period " + period + "' first.");
    }
    return DeltaTables.read(spark, path).filter(col(Cols.PERIOD).equalTo(period.toString()));
  }

  /** A partner's decisions, cached, and their counts by reason. */
  record Decided(Delivery.Decisions decided, Map<Reason, Long> reasons) {}

  private static Decided decide(
      Prepared p, SourceData src, Agreement a, Period period, LocalDate asOf) {
    Delivery.Decisions d =
        Delivery.decide(
            a,
            src,
            period,
            asOf,
            Scope.partnerNotApproved(p.registry().get(a.partner()), a.partner(), asOf));
    d.decisions().cache();
    return new Decided(d, Scope.counts(d.decisions()));
  }

  private static long unmatched(Prepared p, String partner) {
    return p.unmatched().filter(col(Cols.PARTNER_ID).equalTo(partner)).count();
  }

  /** Writes the period's roster match report; returns the unmatched rows per partner. */
  private static Map<String, Long> writeMatchReport(
      SparkSession spark, Warehouse wh, Prepared p, Period period) {
    try (Stage s = Stage.start(spark, "publish", "roster match report")) {
      DeltaTables.replaceSlice(p.unmatched(), wh.matchReport(), Cols.PERIOD, period.toString());
      Map<String, Long> counts = new HashMap<>();
      // one row per partner, read from the report just written instead of matching again
      for (Row r :
          DeltaTables.read(spark, wh.matchReport())
              .filter(col(Cols.PERIOD).equalTo(period.toString()))
              .groupBy(Cols.PARTNER_ID)
              .count()
              .collectAsList()) {
        counts.put(r.getString(0), r.getLong(1));
      }
      s.done();
      return counts;
    }
  }

  /**
   * One partner's publication: its result and, for the shared tables, its register row and its
   * record of disclosures (null when nothing was delivered); or the failure that stopped it.
   */
  record Published(
      PartnerResult result, Row register, Dataset<Row> disclosures, RuntimeException failure) {}

  /**
   * One partner's delivery, or the failure that stopped it: the other partners' deliveries go on
   * and still get their records. A failed Spark job is a failure like any other.
   */
  static Published attempt(Supplier<Published> delivery) {
    try {
      return delivery.get();
    } catch (Exception e) { // Spark's SparkException is checked, but Scala throws it undeclared
      return new Published(
          null,
          null,
          null,
          e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e));
    }
  }

  /**
   * The register rows and disclosure records of every partner that finished, in one commit each: a
   * commit per partner to these shared tables cost more than most partners' own writes.
   */
  private static void recordDeliveries(SparkSession spark, Warehouse wh, List<Published> all) {
    List<Published> done = all.stream().filter(r -> r.failure() == null).toList();
    if (done.isEmpty()) {
      return;
    }
    try (Stage s = Stage.start(spark, "publish", "record of disclosures and delivery register")) {
      done.stream()
          .map(Published::disclosures)
          .filter(d -> d != null)
          .reduce(Dataset::unionByName)
          .ifPresent(d -> DeltaTables.append(d, wh.disclosures()));
      upsert(
          spark,
          wh,
          spark.createDataFrame(done.stream().map(Published::register).toList(), REGISTER));
      s.done();
    }
  }

  private static Published publishPartner(
      SparkSession spark,
      Settings settings,
      Warehouse wh,
      Prepared p,
      Decided decided,
      SourceData narrowed,
      long unmatched,
      Period period,
      LocalDate asOf,
      String runId) {
    try (Held held = new Held()) {
      Agreement a = decided.decided().agreement();
      Map<Reason, Long> reasons = decided.reasons();
      // each listed domain's rows are computed once and read by both its data set and the report
      // cards; with nobody delivered they are known to be empty and not computed at all
      UnaryOperator<Dataset<Row>> keep =
          decided.decided().withheldBecause().isPresent()
              ? UnaryOperator.identity()
              : delivered(reasons) == 0
                  ? ds -> spark.createDataFrame(List.of(), ds.schema())
                  : held::keep;
      Delivery.Plan plan =
          Delivery.plan(decided.decided(), narrowed, period, settings.publish().measures(), keep);
      String folder =
          DeliveryFolder.folder(
              wh.deliveryRoot(settings.publish().deliveryRoot()), a.partner(), period.toString());
      LocalDate destroyBy = a.destroyBy(period.end());
      Map<String, Long> rows = new LinkedHashMap<>();

      if (plan.withheldBecause().isPresent()) {
        // a rerun after a suspension or expiry replaces the period's delivery with nothing
        for (SharedDomain d : SharedDomain.values()) {
          removePeriod(spark, wh.published(a.partner(), d.key()), period);
        }
        removePeriod(spark, wh.published(a.partner(), REPORT_CARD_TABLE), period);
        DeliveryFolder.remove(spark, folder);
        return new Published(
            new PartnerResult(
                a.partner(),
                a.label(),
                a.basis().key(),
                plan.withheldBecause().get(),
                reasons,
                rows,
                a.fieldNames(),
                unmatched,
                destroyBy,
                null),
            registerRow(
                a,
                period,
                asOf,
                destroyBy,
                "WITHHELD",
                plan.withheldBecause().get(),
                0,
                null,
                runId),
            null,
            null);
      }

      // published Delta tables: listed domains replaced, unlisted ones emptied for the period.
      // Each data set is cached before its commit and the delivery folder is written from the same
      // rows, so the folder cannot differ from the tables and nothing is computed twice.
      for (SharedDomain d : SharedDomain.values()) {
        String path = wh.published(a.partner(), d.key());
        Dataset<Row> ds = plan.datasets().get(d);
        if (ds == null) {
          removePeriod(spark, path, period);
        } else {
          PublishedTables.replacePeriod(held.cache(ds), path, period.toString());
        }
      }
      String cards = wh.published(a.partner(), REPORT_CARD_TABLE);
      if (plan.reportCards().columns().length > 1) {
        PublishedTables.replacePeriod(held.cache(plan.reportCards()), cards, period.toString());
      } else {
        removePeriod(spark, cards, period);
      }

      // delivery folder for people
      String staging = DeliveryFolder.stagingFor(folder);
      Map<String, String> meta = new HashMap<>();
      Row partnerRow = p.registry().get(a.partner());
      meta.put(
          "partnerName", partnerRow == null ? a.partner() : partnerRow.getAs(Cols.PARTNER_NAME));
      meta.put("period", period.toString());
      meta.put("windowStart", plan.window().start().toString());
      meta.put("windowEnd", plan.window().end().toString());
      meta.put("agreement", a.label());
      meta.put("basis", a.basis().key());
      meta.put("destroyBy", destroyBy.toString());
      meta.put("generated", LocalDate.now().toString());
      List<DeliveryFolder.FileEntry> files =
          DeliveryFolder.write(spark, plan, delivered(reasons) == 0, staging, template(), meta);
      for (DeliveryFolder.FileEntry f : files) {
        if (f.rows() != null) {
          rows.put(f.path(), f.rows());
        }
      }
      long students = delivered(reasons);
      rows.put("report-cards", files.stream().filter(f -> f.rows() == null).count());
      DeliveryFolder.finish(
          spark,
          staging,
          folder,
          manifest(a, plan, period, asOf, destroyBy, reasons, files, runId));

      return new Published(
          new PartnerResult(
              a.partner(),
              a.label(),
              a.basis().key(),
              null,
              reasons,
              rows,
              a.fieldNames(),
              unmatched,
              destroyBy,
              folder),
          registerRow(a, period, asOf, destroyBy, "DELIVERED", "", students, folder, runId),
          plan.disclosures()
              .withColumn("disclosed_at", current_timestamp())
              .withColumn("delivery_id", lit(runId)),
          null);
    }
  }

  /**
   * The rows a partner's delivery keeps (local checkpoints) or caches, released when the delivery
   * ends, delivered or failed: a failed partner would otherwise hold them in the executors' memory
   * until garbage collection while the other partners go on.
   */
  private static final class Held implements AutoCloseable {
    private final KeptRows kept = new KeptRows();
    private final List<Dataset<Row>> cached = new ArrayList<>();

    Dataset<Row> keep(Dataset<Row> rows) {
      return kept.apply(rows);
    }

    Dataset<Row> cache(Dataset<Row> rows) {
      cached.add(rows.cache());
      return rows;
    }

    @Override
    public void close() {
      cached.forEach(d -> d.unpersist(true));
      kept.close();
    }
  }

  static void removePeriod(SparkSession spark, String path, Period period) {
    PublishedTables.deletePeriod(spark, path, period.toString());
  }

  static final StructType REGISTER =
      new StructType()
          .add(Cols.PARTNER_ID, DataTypes.StringType)
          .add(Cols.PERIOD, DataTypes.StringType)
          .add(Delivery.AGREEMENT_ID, DataTypes.StringType)
          .add(Delivery.AGREEMENT_VERSION, DataTypes.IntegerType)
          .add(Delivery.BASIS, DataTypes.StringType)
          .add(Delivery.AS_OF, DataTypes.DateType)
          .add("destroy_by", DataTypes.DateType)
          .add("status", DataTypes.StringType)
          .add("note", DataTypes.StringType)
          .add("students", DataTypes.LongType)
          .add("delivery_folder", DataTypes.StringType)
          .add("delivery_id", DataTypes.StringType)
          .add("updated_at", DataTypes.TimestampType);

  static Row registerRow(
      Agreement a,
      Period period,
      LocalDate asOf,
      LocalDate destroyBy,
      String status,
      String note,
      long students,
      String folder,
      String runId) {
    return RowFactory.create(
        a.partner(),
        period.toString(),
        a.id(),
        a.version(),
        a.basis().key(),
        java.sql.Date.valueOf(asOf),
        java.sql.Date.valueOf(destroyBy),
        status,
        note,
        students,
        folder,
        runId,
        java.sql.Timestamp.from(Instant.now()));
  }

  /** Inserts or replaces delivery-register rows (one per partner and period). */
  static void upsert(SparkSession spark, Warehouse wh, Dataset<Row> rows) {
    String path = wh.deliveries();
    if (!DeltaTables.exists(spark, path)) {
      rows.write().format("delta").save(path);
      return;
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(rows.as("s"), "t.partner_id = s.partner_id AND t.period = s.period")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  private static Map<String, Object> manifest(
      Agreement a,
      Delivery.Plan plan,
      Period period,
      LocalDate asOf,
      LocalDate destroyBy,
      Map<Reason, Long> reasons,
      List<DeliveryFolder.FileEntry> files,
      String runId) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> agreement = new LinkedHashMap<>();
    agreement.put("id", a.id());
    agreement.put("version", a.version());
    agreement.put("basis", a.basis().key());
    agreement.put("purpose", a.purpose());
    agreement.put("expires", a.expires().toString());
    m.put("agreement", agreement);
    m.put("partner", a.partner());
    m.put("period", period.toString());
    m.put("as_of", asOf.toString());
    m.put("records_from", plan.window().start().toString());
    m.put("records_to", plan.window().end().toString());
    m.put("destroy_by", destroyBy.toString());
    m.put("delivery_id", runId);
    m.put("generated_at", Instant.now().toString());
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (SharedDomain d : a.domains()) {
      fields.put(d.key(), a.fields(d).stream().map(PublishJob::fieldLabel).toList());
    }
    m.put("fields", fields);
    m.put("students", delivered(reasons));
    m.put(
        "students_with_directory_fields_withheld", reasons.get(Reason.INCLUDED_DIRECTORY_WITHHELD));
    List<Map<String, Object>> fileList = new ArrayList<>();
    for (DeliveryFolder.FileEntry f : files) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("path", f.path());
      if (f.rows() != null) {
        e.put("rows", f.rows());
      }
      e.put("bytes", f.bytes());
      e.put("sha256", f.sha256());
      fileList.add(e);
    }
    m.put("files", fileList);
    return m;
  }

  private static String fieldLabel(FieldRule f) {
    return f.transform() == org.ostshare.common.agreement.Transform.NONE
        ? f.field()
        : f.field() + " (" + f.transform().key() + ")";
  }

  private static String template() {
    try (InputStream in =
        PublishJob.class.getResourceAsStream("/org/ostshare/jobs/publish/report-card.mustache")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
