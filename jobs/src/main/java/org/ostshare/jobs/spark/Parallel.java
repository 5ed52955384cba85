package org.ostshare.jobs.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.ostshare.common.error.OstshareException;

/**
 * Runs independent pieces of a job at the same time from the driver, each submitting its own Spark
 * jobs to the one session (Spark schedules jobs from several threads). Worth it where each piece is
 * many small Delta commits and file writes that leave the cores idle between them, as publishing to
 * one partner is.
 *
 * <p>When a piece fails, the run fails: the Spark jobs the other pieces are running are cancelled
 * at once, so that the failure is reported in seconds rather than after the largest sibling (a
 * district's attendance at 1,000,000 students is minutes of work).
 */
public final class Parallel {
  /** How often the cancel is repeated while pieces still run: one may start a job after it. */
  private static final long RECANCEL_MILLIS = 500;

  private Parallel() {}

  /**
   * {@code work} applied to every item, at most {@code threads} at a time; results in the order of
   * the items. On the first failure to happen, the pieces not yet started are skipped and the Spark
   * jobs of those running are cancelled; that failure, not the cancellations it caused, is rethrown
   * once every started piece has ended (so none is cut off half-way when the caller ends the
   * session under it).
   */
  public static <T, R> List<R> map(
      SparkSession spark,
      List<T> items,
      int threads,
      String name,
      Function<? super T, ? extends R> work) {
    SparkContext sc = spark.sparkContext();
    // job tags are per thread and pass to the threads Delta starts for a piece's own jobs
    String tag = "ostshare-" + name + "-" + UUID.randomUUID();
    return map(
        items,
        threads,
        name,
        item -> {
          sc.addJobTag(tag);
          try {
            return work.apply(item);
          } finally {
            sc.removeJobTag(tag);
          }
        },
        () -> sc.cancelJobsWithTag(tag, "another part of the same step failed"));
  }

  /**
   * The same without Spark: {@code stopOthers} is called when the first piece fails, and again
   * while the other pieces are still running.
   */
  static <T, R> List<R> map(
      List<T> items,
      int threads,
      String name,
      Function<? super T, ? extends R> work,
      Runnable stopOthers) {
    if (threads <= 1 || items.size() <= 1) {
      return items.stream().<R>map(work).toList();
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, items.size()), named(name));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(
            pool.submit(
                () -> {
                  if (failure.get() != null) {
                    throw new CancellationException("skipped after a failure");
                  }
                  try {
                    return work.apply(item);
                  } catch (Throwable e) { // Spark's checked SparkException too, thrown undeclared
                    // the first failure is the run's; the pieces it stops fail after it
                    if (failure.compareAndSet(null, e)) {
                      stopOthers.run();
                    }
                    throw e;
                  }
                }));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException | CancellationException e) {
          // the failure was recorded by its piece; stop waiting for results in item order
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
      }
      if (failure.get() != null) {
        pool.shutdown();
        awaitPieces(pool, name, stopOthers);
        throw unwrap(failure.get());
      }
      return List.copyOf(results);
    } finally {
      pool.shutdown();
    }
  }

  private static void awaitPieces(ExecutorService pool, String name, Runnable stopOthers) {
    try {
      while (!pool.awaitTermination(RECANCEL_MILLIS, TimeUnit.MILLISECONDS)) {
        // a piece between two of its jobs when the cancel came submits the next one after it
        stopOthers.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof OstshareException o) {
      return o;
    }
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause);
  }

  private static ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
