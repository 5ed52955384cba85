package org.ostshare.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Pieces run side by side; a failure is reported only once the pieces still running have ended. */
class ParallelTest {

  @Test
  void resultsComeInTheItemsOrder() {
    assertThat(Parallel.map(List.of(30, 10, 20), 3, "t", ms -> sleepThen(ms, ms / 10)))
        .containsExactly(3, 1, 2);
  }

  @Test
  void aFailureIsRethrownAfterThePiecesStillRunningHaveEnded() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicBoolean slowEnded = new AtomicBoolean();
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
                    }));
    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
    assertThat(slowEnded).as("the running piece ended before the failure was reported").isTrue();
  }

  @Test
  void theFirstFailureInItemOrderIsTheOneReported() {
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
                    }));
    assertThat(t).hasMessage("piece 200");
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
