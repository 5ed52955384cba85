package org.ostshare.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.ostshare.common.test.TestSpark;

/**
 * Pieces run side by side; the first failure stops the others (their Spark jobs are cancelled) and
 * is reported once the pieces still running have ended.
 */
class ParallelTest {

  @Test
  void resultsComeInTheItemsOrder() {
    assertThat(Parallel.map(List.of(30, 10, 20), 3, "t", ms -> sleepThen(ms, ms / 10), () -> {}))
        .containsExactly(3, 1, 2);
  }

  @Test
  void aFailureStopsTheOthersAndIsRethrownAfterThePiecesStillRunningHaveEnded() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicBoolean slowEnded = new AtomicBoolean();
    AtomicInteger stops = new AtomicInteger();
    Throwable t =
        catchThrowable(
            () ->
                Parallel.map(
                    List.of("fails", "slow"),
                    2,
                    "t",
                    item -> {
                      bothStarted.countDown();
                      await(bothStarted);
                      if (item.equals("fails")) {
                        throw new IllegalArgumentException("bad input");
                      }
                      sleepThen(300, null);
                      slowEnded.set(true);
                      return item;
                    },
                    stops::incrementAndGet));
    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
    assertThat(stops).as("the others were told to stop").hasPositiveValue();
    assertThat(slowEnded).as("the running piece ended before the failure was reported").isTrue();
  }

  @Test
  void theFirstFailureToHappenIsTheOneReported() {
    Throwable t =
        catchThrowable(
            () ->
                Parallel.map(
                    List.of(200, 0),
                    2,
                    "t",
                    ms -> {
                      sleepThen(ms, null);
                      throw new IllegalStateException("piece " + ms);
                    },
                    () -> {}));
    assertThat(t).hasMessage("piece 0");
  }

  @Test
  void piecesNotYetStartedAreSkippedAfterAFailure() {
    AtomicBoolean lastRan = new AtomicBoolean();
    Throwable t =
        catchThrowable(
            () ->
                Parallel.map(
                    List.of("fails", "slow", "last"),
                    2,
                    "t",
                    item -> {
                      switch (item) {
                        case "fails" -> throw new IllegalStateException("bad input");
                        case "slow" -> sleepThen(300, null);
                        default -> lastRan.set(true);
                      }
                      return item;
                    },
                    () -> {}));
    assertThat(t).hasMessage("bad input");
    assertThat(lastRan).as("the piece queued behind the failure").isFalse();
  }

  @Test
  void theSparkJobsOfTheOtherPiecesAreCancelled() {
    SparkSession spark = TestSpark.get();
    AtomicReference<Throwable> longPieceEnded = new AtomicReference<>();
    Throwable t =
        catchThrowable(
            () ->
                Parallel.map(
                    spark,
                    List.of("long", "fails"),
                    2,
                    "t",
                    item -> {
                      if (item.equals("fails")) {
                        // fail while the other piece's job is running
                        while (spark.sparkContext().statusTracker().getActiveJobIds().length == 0) {
                          sleepThen(20, null);
                        }
                        throw new IllegalStateException("bad input");
                      }
                      try {
                        spark
                            .range(0, 2, 1, 2)
                            .foreach((ForeachFunction<Long>) x -> workUntilKilled());
                      } catch (Exception e) { // Spark's checked SparkException, thrown undeclared
                        longPieceEnded.set(e);
                        throw e;
                      }
                      return item;
                    }));
    assertThat(t).isInstanceOf(IllegalStateException.class).hasMessage("bad input");
    assertThat(longPieceEnded.get())
        .as("the long piece's job was cancelled, not left to run its 60 s")
        .isNotNull()
        .hasMessageContaining("cancelled");
  }

  /** A task that runs for a minute unless Spark kills it. */
  private static void workUntilKilled() {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end && !TaskContext.get().isInterrupted()) {
      sleepThen(20, null);
    }
  }

  private static <T> T sleepThen(long ms, T value) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return value;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
