package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.bit_count;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.Column;

/**
 * Sets of days of one span [from, to], each held as bits in a few long columns, its words: day i of
 * the span is bit {@code i % 64} of word {@code i / 64}, and a year is six words. A set is given as
 * its words' expressions; a set in a frame is named, its words being columns {@code name0}, {@code
 * name1}, ... Unions are {@code bit_or} and sizes {@code bit_count}: plain aggregates that Spark
 * compiles, where lists of dates made it build, filter and de-duplicate arrays row by row in the
 * interpreter.
 */
final class DayBits {
  private static final int BITS = Long.SIZE;

  private final LocalDate from;
  private final int words;

  DayBits(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("span ends " + to + " before it starts " + from);
    }
    this.from = from;
    this.words = (int) ((ChronoUnit.DAYS.between(from, to) + BITS) / BITS);
  }

  int words() {
    return words;
  }

  /** The set of one date's day: empty when the date is outside the span's words. */
  Column[] ofDay(Column date) {
    return ofRange(date, date);
  }

  /** The days from {@code start} to {@code end}, both included, that are in the span. */
  Column[] ofRange(Column start, Column end) {
    Column[] set = new Column[words];
    for (int w = 0; w < words; w++) {
      Column lo = greatest(day(start).minus(w * BITS), lit(0));
      Column hi = least(day(end).minus(w * BITS), lit(BITS - 1));
      Column fromLo = call_function("shiftleft", lit(-1L), lo);
      Column toHi = call_function("shiftrightunsigned", lit(-1L), lit(BITS - 1).minus(hi));
      set[w] = when(lo.leq(hi), fromLo.bitwiseAND(toHi)).otherwise(lit(0L));
    }
    return set;
  }

  /**
   * The set named {@code name}. A word that is null, as after an outer join that found no row, is
   * empty.
   */
  Column[] of(String name) {
    Column[] set = new Column[words];
    for (int w = 0; w < words; w++) {
      set[w] = coalesce(col(name + w), lit(0L));
    }
    return set;
  }

  /** The days of {@code set} that are also in the set named {@code name}. */
  Column[] and(Column[] set, String name) {
    Column[] both = new Column[words];
    for (int w = 0; w < words; w++) {
      both[w] = set[w].bitwiseAND(col(name + w));
    }
    return both;
  }

  /** The union of {@code set} over each group: aggregates, named {@code name}. */
  Column[] union(Column[] set, String name) {
    Column[] union = new Column[words];
    for (int w = 0; w < words; w++) {
      union[w] = bit_or(set[w]).as(name + w);
    }
    return union;
  }

  /** The number of days in the set named {@code name}. */
  Column size(String name) {
    Column n = lit(0);
    for (int w = 0; w < words; w++) {
      n = n.plus(bit_count(col(name + w)));
    }
    return n;
  }

  private Column day(Column date) {
    return datediff(date, lit(Date.valueOf(from)));
  }
}
