package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduling loop's progress as the health checks read it, on a real loop thread: a pass that
 * does not end (a decision blocked, as a hung store call or a lock would block it) shows as a
 * growing stall, and a thread that dies shows as died.
 */
class LoopProgressTest {
  private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  private final ClusterState cluster = new ClusterState();
  private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(30));
  private final JobControl control =
      new JobControl(new InMemoryJobStore(), cluster, queue, clock, Unpriced.EUR);
  private final Scheduler scheduler = Fixtures.scheduler(1, 1, 1);
  private final CountDownLatch deciding = new CountDownLatch(1);
  private volatile Runnable whileDeciding = () -> {};

  private final SchedulingLoop loop =
      TestLoops.loop(
          control,
          cluster,
          scheduler,
          (request, view) -> {
            deciding.countDown();
            whileDeciding.run();
            return scheduler.decide(request, view);
          },
          clock);

  @AfterEach
  void stop() {
    loop.stop();
  }

  @Test
  void aPassThatDoesNotEndShowsAsAGrowingStallUntilItEnds() throws Exception {
    assertThat(loop.progress().reading().state()).isEqualTo(LoopProgress.State.NOT_STARTED);
    control.registered(RecoveryTest.node(), new RecoveryTest.RecordingLink(), List.of());
    loop.start();
    await().atMost(5, TimeUnit.SECONDS).until(() -> loop.progress().reading().passes() >= 1);
    assertThat(loop.progress().reading().state()).isEqualTo(LoopProgress.State.RUNNING);
    assertThat(loop.progress().reading().stalledFor()).isLessThan(Duration.ofSeconds(2));

    CountDownLatch release = new CountDownLatch(1);
    whileDeciding = () -> awaitQuietly(release);
    String job = control.submit("req-1", RecoveryTest.spec()).job().id();
    assertThat(deciding.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(1_500);

    LoopProgress.Reading stuck = loop.progress().reading();
    assertThat(stuck.state()).isEqualTo(LoopProgress.State.RUNNING);
    assertThat(stuck.currentPass()).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
    assertThat(stuck.stalledFor()).isGreaterThanOrEqualTo(stuck.currentPass());
    long passesWhileStuck = stuck.passes();
    Thread.sleep(1_200); // longer than the loop's one-second tick: no pass ends meanwhile
    assertThat(loop.progress().reading().passes()).isEqualTo(passesWhileStuck);

    release.countDown();
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> loop.progress().reading().passes() > passesWhileStuck + 1);
    LoopProgress.Reading moving = loop.progress().reading();
    assertThat(moving.stalledFor()).isLessThan(Duration.ofMillis(1_500));
    assertThat(control.get(job).state()).isEqualTo(JobState.SCHEDULED);

    loop.stop();
    assertThat(loop.progress().reading().state()).isEqualTo(LoopProgress.State.STOPPED);
    assertThat(loop.progress().reading().stalledFor()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aLoopWhoseThreadDiesReadsAsDied() throws Exception {
    control.registered(RecoveryTest.node(), new RecoveryTest.RecordingLink(), List.of());
    whileDeciding =
        () -> {
          // Not an OutOfMemoryError: JUnit treats that one as fatal to the whole test JVM.
          throw new LinkageError("a class that cannot load (thrown by the test)");
        };
    loop.start();
    control.submit("req-1", RecoveryTest.spec());
    assertThat(deciding.await(5, TimeUnit.SECONDS)).isTrue();

    // The loop thread's death is the point here, not a failure of this test's own threads.
    await()
        .dontCatchUncaughtExceptions()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> loop.progress().reading().state() == LoopProgress.State.DIED);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
