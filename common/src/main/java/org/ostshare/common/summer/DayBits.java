package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.bit_count;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.call_function;
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
 * A set of days of one span [from, to] held as bits in a few long columns (day i of the span is bit
 * {@code i % 64} of word {@code i / 64}). Unions are {@code bit_or} and sizes {@code bit_count}:
 * plain aggregates that Spark compiles, where lists of dates made it build, filter and de-duplicate
 * arrays row by row in the interpreter. A year is six words.
 */
final class DayBits {
  private static final int BITS = Long.SIZE;

  private final LocalDate from;
  private final int words;
  private final String prefix;

  /**
   * @param prefix names the words: {@code prefix0}, {@code prefix1}, ...
   */
  DayBits(LocalDate from, LocalDate to, String prefix) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("span ends " + to + " before it starts " + from);
    }
    this.from = from;
    this.words = (int) ((ChronoUnit.DAYS.between(from, to) + BITS) / BITS);
    this.prefix = prefix;
  }

  int words() {
    return words;
  }

  /** This set's words, by name. */
  Column word(int w) {
    return col(prefix + w);
  }

  /** Word {@code w} of the one-day set of {@code date}, a date inside the span. */
  Column ofDay(Column date, int w) {
    Column bit = day(date).minus(w * BITS);
    return when(bit.between(0, BITS - 1), call_function("shiftleft", lit(1L), bit))
        .otherwise(lit(0L));
  }

  /** Word {@code w} of the days from {@code start} to {@code end}, both included, in the span. */
  Column ofRange(Column start, Column end, int w) {
    Column lo = greatest(day(start).minus(w * BITS), lit(0));
    Column hi = least(day(end).minus(w * BITS), lit(BITS - 1));
    Column fromLo = call_function("shiftleft", lit(-1L), lo);
    Column toHi = call_function("shiftrightunsigned", lit(-1L), lit(BITS - 1).minus(hi));
    return when(lo.leq(hi), fromLo.bitwiseAND(toHi)).otherwise(lit(0L));
  }

  /** The union of a column of sets, word {@code w}: an aggregate named as this set's word. */
  Column union(Column word, int w) {
    return bit_or(word).as(prefix + w);
  }

  /** The number of days in this set (its words as named). */
  Column size() {
    Column n = lit(0);
    for (int w = 0; w < words; w++) {
      n = n.plus(bit_count(word(w)));
    }
    return n;
  }

  private Column day(Column date) {
    return datediff(date, lit(Date.valueOf(from)));
  }
}
