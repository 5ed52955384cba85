package org.ostshare.jobs.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ostshare.common.error.OstshareException;

/**
 * Runs independent pieces of a job at the same time from the driver, each submitting its own Spark
 * jobs to the one session (Spark schedules jobs from several threads). Worth it where each piece is
 * many small Delta commits and file writes that leave the cores idle between them, as publishing to
 * one partner is.
 */
public final class Parallel {
  private Parallel() {}

  /**
   * {@code work} applied to every item, at most {@code threads} at a time; results in the order of
   * the items. The first failure (in item order) is rethrown once every started piece has ended;
   * pieces not yet started are not started.
   */
  public static <T, R> List<R> map(
      List<T> items, int threads, String name, Function<? super T, ? extends R> work) {
    if (threads <= 1 || items.size() <= 1) {
      return items.stream().<R>map(work).toList();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, items.size()), named(name));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> work.apply(item)));
      }
      List<R> results = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<R> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = unwrap(e.getCause());
            futures.forEach(other -> other.cancel(false));
          }
        } catch (java.util.concurrent.CancellationException e) {
          // cancelled after an earlier failure
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
      }
      if (failure != null) {
        // a cancelled future reports at once, though its piece may still be running: wait for the
        // pieces themselves, so that none is cut off half-way when the caller ends (the command's
        // exit stops the session under its Spark jobs)
        pool.shutdown();
        awaitPieces(pool, name);
        throw failure;
      }
      return List.copyOf(results);
    } finally {
      pool.shutdown();
    }
  }

  private static void awaitPieces(ExecutorService pool, String name) {
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // a piece may be a long Spark job; it ends on its own
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
