package io.lastmile.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialSchedulerTest {
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void tasksRunOneAtATimeInTheOrderTheyWereQueuedAcrossThePoolsThreads() throws Exception {
    SerialScheduler serial = new SerialScheduler(pool);
    List<Integer> seen = new ArrayList<>(); // not thread-safe: the scheduler must order access
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < 5_000; i++) {
      int n = i;
      serial.execute(
          () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            seen.add(n);
            running.decrementAndGet();
          });
    }
    serial.execute(done::countDown);

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 5_000).boxed().toList());
    assertThat(mostAtOnce).hasValue(1);
  }

  @Test
  void manySchedulersShareAFewThreads() throws Exception {
    List<SerialScheduler> sessions =
        IntStream.range(0, 1_000).mapToObj(i -> new SerialScheduler(pool)).toList();
    CountDownLatch ran = new CountDownLatch(sessions.size());
    sessions.forEach(s -> s.schedule(ran::countDown, 10, TimeUnit.MILLISECONDS));

    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aTaskThatThrowsDoesNotStopTheNextOnes() throws Exception {
    SerialScheduler serial = new SerialScheduler(pool);
    CountDownLatch after = new CountDownLatch(1);

    serial.execute(
        () -> {
          throw new IllegalStateException("boom");
        });
    serial.execute(after::countDown);

    assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shutdownStopsPeriodicTasksAndRejectsNewOnes() throws Exception {
    SerialScheduler serial = new SerialScheduler(pool);
    AtomicInteger ticks = new AtomicInteger();
    serial.scheduleAtFixedRate(ticks::incrementAndGet, 0, 5, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> ticks.get() >= 3);

    serial.shutdown();
    await().atMost(Duration.ofSeconds(30)).until(serial::isTerminated);
    int atShutdown = ticks.get();
    CountDownLatch later = new CountDownLatch(1);
    pool.schedule(later::countDown, 50, TimeUnit.MILLISECONDS);

    assertThat(later.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ticks).hasValue(atShutdown);
    assertThat(serial.isShutdown()).isTrue();
    assertThatThrownBy(() -> serial.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
