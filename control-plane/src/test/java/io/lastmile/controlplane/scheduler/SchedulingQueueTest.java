package io.lastmile.controlplane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobClass;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
  private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void ordersByClassThenPriorityThenAge() {
    SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(30));
    q.add("batch", JobClass.DEFERRABLE, 9, T);
    q.add("std-old", JobClass.STANDARD, 0, T);
    q.add("std-high", JobClass.STANDARD, 5, T.plusSeconds(5));
    q.add("std-new", JobClass.STANDARD, 0, T.plusSeconds(1));
    q.add("urgent", JobClass.LATENCY_CRITICAL, 0, T.plusSeconds(9));

    assertThat(q.due(T.plusSeconds(10)))
        .containsExactly("urgent", "std-high", "std-old", "std-new", "batch");
  }

  @Test
  void deferredJobWaitsThroughClusterChangesButNotThroughPriceChanges() {
    SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(30));
    q.add("batch", JobClass.DEFERRABLE, 0, T);
    q.deferUntil("batch", T.plus(Duration.ofHours(4)));

    q.clearBackoffs();
    assertThat(q.due(T)).isEmpty();
    assertThat(q.due(T.plus(Duration.ofHours(4)))).containsExactly("batch");

    q.reconsiderDeferred();
    assertThat(q.due(T)).containsExactly("batch");
  }

  @Test
  void backOffDoublesUpToTheMaximum() {
    SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(3));
    q.add("job", JobClass.STANDARD, 0, T);

    q.backOff("job", T);
    assertThat(q.due(T.plusMillis(999))).isEmpty();
    assertThat(q.due(T.plusSeconds(1))).containsExactly("job");

    q.backOff("job", T.plusSeconds(1));
    assertThat(q.due(T.plusMillis(2999))).isEmpty();
    assertThat(q.due(T.plusSeconds(3))).containsExactly("job");

    q.backOff("job", T.plusSeconds(3));
    assertThat(q.due(T.plusMillis(5999))).isEmpty();
    assertThat(q.due(T.plusSeconds(6))).containsExactly("job");
  }

  @Test
  void jobsDueAgainRejoinInSchedulingOrder() {
    SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(30));
    q.add("old", JobClass.STANDARD, 0, T);
    q.add("new", JobClass.STANDARD, 0, T.plusSeconds(1));
    q.add("urgent", JobClass.LATENCY_CRITICAL, 0, T.plusSeconds(2));
    q.backOff("urgent", T);
    q.backOff("old", T);

    assertThat(q.due(T)).containsExactly("new");
    assertThat(q.due(T.plusSeconds(1))).containsExactly("urgent", "old", "new");
  }

  @Test
  void clusterChangeMakesBackedOffJobsDueAtOnceAndRestartsTheirBackOff() {
    SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(30));
    q.add("job", JobClass.STANDARD, 0, T);
    q.backOff("job", T);
    q.backOff("job", T);

    q.clearBackoffs();
    assertThat(q.due(T)).containsExactly("job");

    q.backOff("job", T);
    assertThat(q.due(T.plusSeconds(1))).containsExactly("job");
  }

  @Test
  void removedJobsAreNeverDue() {
    SchedulingQueue q = new SchedulingQueue(Duration.ofSeconds(30));
    q.add("ready", JobClass.STANDARD, 0, T);
    q.add("waiting", JobClass.STANDARD, 0, T);
    q.backOff("waiting", T);

    q.remove("ready");
    q.remove("waiting");
    q.clearBackoffs();

    assertThat(q.due(T.plus(Duration.ofHours(1)))).isEmpty();
    assertThat(q.size()).isZero();
  }
}
