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
}
