package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.publish.Scope;
import org.ostshare.common.publish.SourceData;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;
import org.ostshare.jobs.spark.KeptRows;
import org.ostshare.jobs.spark.Parallel;

/**
 * The period's sources as every partner's delivery reads them, computed once per run instead of
 * once per partner.
 *
 * <p>Deciding reads the small tables (schools, calendar, programmes, opt-outs, consents), the
 * programme rosters and each student's current enrolment; those are kept here, and Spark answers
 * every partner's decision plan from them. Delivering reads the big student tables (attendance,
 * grades, ...), but only for the students some partner receives: {@link #narrowTo} scans each big
 * table once, for all partners, and keeps the rows of those students. Every partner's data sets and
 * report cards are then computed from those few rows.
 *
 * <p>Tables are kept as local checkpoints, not as cached plans: a cached table drags its whole
 * lineage (Delta scans, roster matching) into every plan that reads it, and the driver spent most
 * of a partner's time re-planning and printing those plans for each of its many small queries.
 */
final class DeliverySources implements AutoCloseable {
  /** The student tables that deciding reads (besides every table without students). */
  private static final Set<Domain> DECIDING =
      EnumSet.of(Domain.ENROLLMENTS, Domain.OPT_OUTS, Domain.CONSENTS, Domain.PROGRAM_ENROLLMENTS);

  /**
   * Up to this many delivered students are sent whole to every task that scans a big table (about
   * 10 MB of ids, the size Spark itself would broadcast); more are joined by a shuffle instead.
   * Deliveries are partners' rosters, far below this; ingest's reference checks, which meet every
   * student, allow more ({@code IngestJob.BROADCAST_KEYS}).
   */
  private static final long BROADCAST_STUDENTS = 250_000;

  private final int threads;
  private SourceData full;
  private final KeptRows kept = new KeptRows();
  private final List<Dataset<Row>> cached = new ArrayList<>();

  private DeliverySources(int threads) {
    this.threads = threads;
  }

  /**
   * Keeps what every partner's decisions read, {@code threads} tables at a time; {@link #close}
   * releases it.
   */
  static DeliverySources share(SourceData sources, LocalDate asOf, int threads) {
    DeliverySources s = new DeliverySources(threads);
    s.full =
        s.keepWhere(
            sources,
            d -> DECIDING.contains(d) || !studentRows(sources.get(d)),
            UnaryOperator.identity());
    // Scope.decide builds exactly this plan for every partner, so the cache answers it
    s.cached.add(
        Scope.currentEnrolment(s.full.get(Domain.ENROLLMENTS), s.full.get(Domain.SCHOOLS), asOf)
            .cache());
    return s;
  }

  /** The sources with what decisions read kept: what decisions are made from. */
  SourceData full() {
    return full;
  }

  /**
   * The sources cut down to the students in any of the given sets of delivered students ({@code
   * student_id}); tables without students are passed whole. Computed here, one scan per table.
   */
  SourceData narrowTo(List<Dataset<Row>> delivered) {
    if (delivered.isEmpty()) {
      return full;
    }
    Dataset<Row> students =
        kept.apply(
            delivered.stream()
                .map(d -> d.select(col(Cols.STUDENT_ID)))
                .reduce(Dataset::union)
                .orElseThrow()
                .distinct());
    Dataset<Row> join = students.count() <= BROADCAST_STUDENTS ? broadcast(students) : students;
    return keepWhere(
        full,
        d -> studentRows(full.get(d)),
        table -> table.join(join, Cols.STUDENT_ID, "left_semi"));
  }

  /** The sources with the chosen tables transformed and kept, the others as they are. */
  private SourceData keepWhere(
      SourceData sources, Predicate<Domain> chosen, UnaryOperator<Dataset<Row>> transform) {
    List<Domain> domains = Arrays.stream(Domain.values()).filter(chosen).toList();
    List<Dataset<Row>> done =
        Parallel.map(
            sources.get(Domain.STUDENTS).sparkSession(),
            domains,
            threads,
            "keep",
            d -> kept.apply(transform.apply(sources.get(d))));
    Map<Domain, Dataset<Row>> tables = new EnumMap<>(Domain.class);
    for (Domain d : Domain.values()) {
      tables.put(d, sources.get(d));
    }
    for (int i = 0; i < domains.size(); i++) {
      tables.put(domains.get(i), done.get(i));
    }
    return new SourceData(tables);
  }

  private static boolean studentRows(Dataset<Row> table) {
    return Arrays.asList(table.columns()).contains(Cols.STUDENT_ID);
  }

  @Override
  public void close() {
    cached.forEach(d -> d.unpersist(true));
    kept.close();
  }
}
