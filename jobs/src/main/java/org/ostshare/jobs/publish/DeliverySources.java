package org.ostshare.jobs.publish;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.publish.Scope;
import org.ostshare.common.publish.SourceData;
import org.ostshare.common.schema.Cols;
import org.ostshare.common.schema.Domain;

/**
 * The period's sources as every partner's delivery reads them, computed once per run instead of
 * once per partner.
 *
 * <p>Deciding reads the small tables (schools, calendar, programmes, opt-outs, consents) and each
 * student's current enrolment; those are cached here, and Spark answers every partner's decision
 * plan from the cache because it is built from the same expressions. Delivering reads the big
 * student tables (attendance, grades, ...), but only for the students some partner receives: {@link
 * #narrowTo} scans each big table once, for all partners, and caches the rows of those students.
 * Every partner's data sets and report cards are then computed from those few rows.
 */
final class DeliverySources implements AutoCloseable {
  private final SourceData full;
  private final List<Dataset<Row>> cached = new ArrayList<>();

  private DeliverySources(SourceData full) {
    this.full = full;
  }

  /** Caches what every partner's decisions read; {@link #close} releases it. */
  static DeliverySources share(SourceData full, LocalDate asOf) {
    DeliverySources s = new DeliverySources(full);
    for (Domain d : Domain.values()) {
      if (!studentRows(full.get(d))) {
        s.cache(full.get(d));
      }
    }
    for (Domain d : List.of(Domain.OPT_OUTS, Domain.CONSENTS)) {
      s.cache(full.get(d));
    }
    // Scope.decide builds exactly this plan for every partner, so the cache answers it
    s.cache(Scope.currentEnrolment(full.get(Domain.ENROLLMENTS), full.get(Domain.SCHOOLS), asOf));
    return s;
  }

  /** The full sources (small tables cached): what decisions are made from. */
  SourceData full() {
    return full;
  }

  /**
   * The sources cut down to the students in any of the given sets of delivered students ({@code
   * student_id}); tables without students are passed whole. Materialised here, one scan per table.
   */
  SourceData narrowTo(List<Dataset<Row>> delivered) {
    Dataset<Row> ids =
        delivered.stream()
            .map(d -> d.select(col(Cols.STUDENT_ID)))
            .reduce(Dataset::union)
            .orElseThrow()
            .distinct();
    cache(ids).count();
    Map<Domain, Dataset<Row>> narrowed = new EnumMap<>(Domain.class);
    for (Domain d : Domain.values()) {
      Dataset<Row> table = full.get(d);
      if (studentRows(table)) {
        // the ids are cached and counted, so Spark knows their size and broadcasts them when few
        table = cache(table.join(ids, Cols.STUDENT_ID, "left_semi"));
        table.count();
      }
      narrowed.put(d, table);
    }
    return new SourceData(narrowed);
  }

  private Dataset<Row> cache(Dataset<Row> ds) {
    cached.add(ds.cache());
    return ds;
  }

  private static boolean studentRows(Dataset<Row> table) {
    return Arrays.asList(table.columns()).contains(Cols.STUDENT_ID);
  }

  @Override
  public void close() {
    cached.forEach(Dataset::unpersist);
  }
}
