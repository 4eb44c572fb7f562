package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionCount;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.InMemoryJobStore;
import io.lastmile.controlplane.store.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionMemoryTest {
  private final JobControl control =
      new JobControl(
          new InMemoryJobStore(),
          new ClusterState(),
          new SchedulingQueue(Duration.ofSeconds(30)),
          Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC),
          Unpriced.EUR);

  private static Decision tooFewGpus(int free) {
    return new Decision.Unschedulable(
        List.of(
            new RejectionCount(
                RejectReason.INSUFFICIENT_GPUS,
                3,
                new Rejection(RejectReason.INSUFFICIENT_GPUS, free, 2, ""))),
        3);
  }

  private final String job1 = control.submit("req-1", RecoveryTest.spec()).job().id();
  private final String job2 = control.submit("req-2", RecoveryTest.spec()).job().id();

  @Test
  void jobsThatCannotBePlacedForTheSameReasonsShareOneDecision() {
    control.recordDecision(job1, tooFewGpus(1));
    control.recordDecision(job2, tooFewGpus(1));

    assertThat(control.explanation(job2).orElseThrow())
        .isEqualTo(tooFewGpus(1))
        .isSameAs(control.explanation(job1).orElseThrow());
  }

  @Test
  void anEqualDecisionKeepsTheOneRecordedAndADifferentOneReplacesIt() {
    Decision first = tooFewGpus(1);
    control.recordDecision(job1, first);
    control.recordDecision(job2, tooFewGpus(0));

    control.recordDecision(job1, tooFewGpus(1));
    assertThat(control.explanation(job1).orElseThrow()).isSameAs(first);

    control.recordDecision(job1, tooFewGpus(0));
    assertThat(control.explanation(job1).orElseThrow())
        .isEqualTo(tooFewGpus(0))
        .isSameAs(control.explanation(job2).orElseThrow());
    String job3 = control.submit("req-3", RecoveryTest.spec()).job().id();
    assertThat(control.explanation(job3)).isEmpty();
  }

  @Test
  void finishedJobsKeepTheirDecisionsOnlyAsLongAsTheRetentionKeepsFinishedJobs() {
    JobControl bounded =
        new JobControl(
            new InMemoryJobStore(),
            new ClusterState(),
            new SchedulingQueue(Duration.ofSeconds(30)),
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC),
            Unpriced.EUR,
            new Retention(1, Duration.ofHours(1)));
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = bounded.submit("req-" + i, RecoveryTest.spec()).job().id();
      bounded.recordDecision(id, tooFewGpus(i));
      ids.add(id);
    }

    bounded.cancel(ids.get(0), "by its owner");
    bounded.cancel(ids.get(1), "by its owner");

    assertThat(bounded.explanation(ids.get(0))).isEmpty();
    assertThat(bounded.explanation(ids.get(1))).contains(tooFewGpus(1));
    assertThat(bounded.explanation(ids.get(2))).contains(tooFewGpus(2));
  }
}
