package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agents echo the Assign's epoch in every status; a status under another epoch is fenced. */
class AttemptEpochTest {
  private static final String NODE = "edge-fra-1";
  private final ClusterState cluster = new ClusterState();
  private final JobControl control =
      new JobControl(
          new InMemoryJobStore(),
          cluster,
          new SchedulingQueue(Duration.ofSeconds(30)),
          Clock.fixed(RecoveryTest.T0, ZoneOffset.UTC),
          Unpriced.EUR);
  private Assignment attempt;

  @BeforeEach
  void bindAnAttemptWithEpoch7() {
    control.registered(RecoveryTest.node(), new RecoveryTest.RecordingLink(), List.of());
    Job job = control.submit("req-1", RecoveryTest.spec()).job();
    attempt =
        new Assignment(job.id() + "/1", job.id(), 7, job.spec().workload(), List.of(0), 0, 0, null);
    RecoveryTest.bind(
        control,
        job.scheduled(NODE, "de-fra", attempt.attemptId(), "placed", RecoveryTest.T0),
        NODE,
        attempt);
  }

  @Test
  void aRunningStatusUnderAnotherEpochIsCancelledAndChangesNothing() {
    List<AgentCommand> answer = control.attemptStatus(NODE, report(6, AttemptPhase.RUNNING));

    assertThat(answer)
        .containsExactly(
            new AgentCommand.Cancel(
                attempt.attemptId(), "attempt is fenced: the job has moved on"));
    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void aFinalStatusUnderAnotherEpochIsAcknowledgedButNeitherFinishesTheJobNorFreesTheNode() {
    List<AgentCommand> answer = control.attemptStatus(NODE, report(8, AttemptPhase.SUCCEEDED));

    assertThat(answer).containsExactly(new AgentCommand.Acknowledge(attempt.attemptId()));
    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(cluster.holds(attempt.attemptId())).isTrue();
  }

  @Test
  void aStatusThatEchoesTheEpochIsApplied() {
    assertThat(control.attemptStatus(NODE, report(7, AttemptPhase.RUNNING))).isEmpty();
    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.RUNNING);

    assertThat(control.attemptStatus(NODE, report(7, AttemptPhase.SUCCEEDED)))
        .containsExactly(new AgentCommand.Acknowledge(attempt.attemptId()));
    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(cluster.holds(attempt.attemptId())).isFalse();
  }

  @Test
  void aReturningAgentReportingAnotherEpochHasTheAttemptFenced() {
    List<AgentCommand> answer =
        control.registered(
            RecoveryTest.node(),
            new RecoveryTest.RecordingLink(),
            List.of(report(6, AttemptPhase.RUNNING)));

    assertThat(RecoveryTest.fenced(answer)).containsExactly(attempt.attemptId());
  }

  private AttemptReport report(long epoch, AttemptPhase phase) {
    return new AttemptReport(
        attempt.attemptId(),
        attempt.jobId(),
        epoch,
        phase,
        phase.isTerminal() ? 0 : null,
        "",
        0,
        "");
  }
}
