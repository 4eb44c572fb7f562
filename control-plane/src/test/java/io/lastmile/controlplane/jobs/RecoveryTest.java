package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.domain.Workload;
import io.lastmile.controlplane.scheduler.NodeCondition;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JdbcJobStore;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.LeaderFence;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A control plane restarted on its database rebuilds jobs, queue, nodes and allocations. */
class RecoveryTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration LOST_AFTER = Duration.ofSeconds(60);
  final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir Path dir;
  Database db;
  JdbcJobStore store;
  ClusterState cluster;
  SchedulingQueue queue;
  JobControl control;

  @BeforeEach
  void start() {
    db =
        Database.open(
            "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0", "", "", 4);
    startControlPlane();
  }

  @AfterEach
  void stop() {
    store.close();
    db.close();
  }

  /** Starts a control plane on the database, as the CDI producers do. */
  void startControlPlane() {
    if (store != null) {
      store.close();
    }
    LeaderFence fence = new LeaderFence("global", "test", clock);
    fence.acquire(db);
    store = new JdbcJobStore(db, fence, clock);
    cluster = new ClusterState();
    queue = new SchedulingQueue(Duration.ofSeconds(30));
    control = new JobControl(store, cluster, queue, clock, Unpriced.EUR);
    control.recover(store.load());
  }

  @Test
  void pendingJobsAreQueuedAgainAndBoundAttemptsHoldTheirNodeUntilItsAgentReturns() {
    Job pending = control.submit("req-a", spec()).job();
    Assignment attempt = runOnNode(control.submit("req-b", spec()).job(), 1_000);

    startControlPlane();

    assertThat(queue.due(T0)).containsExactly(pending.id());
    assertThat(cluster.holds(attempt.attemptId())).isTrue();
    NodeSnapshot node = cluster.snapshot().get(0);
    assertThat(node.condition()).isEqualTo(NodeCondition.NOT_READY);
    assertThat(node.allocatedGpus()).containsExactly(1);
    assertThat(control.epochFloor()).isEqualTo(1_000);
  }

  @Test
  void aReturningAgentReportingTheAttemptKeepsItRunning() {
    Assignment attempt = runOnNode(control.submit("req-b", spec()).job(), 7);
    startControlPlane();

    RecordingLink link = new RecordingLink();
    List<String> fenced =
        fenced(control.registered(node(), link, List.of(report(attempt, AttemptPhase.RUNNING))));

    assertThat(fenced).isEmpty();
    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.RUNNING);
    assertThat(cluster.holds(attempt.attemptId())).isTrue();
  }

  @Test
  void anAttemptWhoseAssignWasLostInTheCrashIsSentAgainWithItsEpoch() {
    Assignment attempt = runOnNode(control.submit("req-b", spec()).job(), 7);
    startControlPlane();

    RecordingLink link = new RecordingLink();
    List<AgentCommand> answer = control.registered(node(), link, List.of());

    assertThat(sent(answer)).contains("assign " + attempt.attemptId() + " epoch 7");
    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(cluster.holds(attempt.attemptId())).isTrue();
  }

  @Test
  void anAttemptOfACancelledJobThatTheAgentForgotFreesItsNode() {
    Assignment attempt = runOnNode(control.submit("req-b", spec()).job(), 7);
    control.cancel(attempt.jobId(), "");
    startControlPlane();
    assertThat(cluster.holds(attempt.attemptId())).isTrue();

    control.registered(node(), new RecordingLink(), List.of());

    assertThat(cluster.holds(attempt.attemptId())).isFalse();
    startControlPlane();
    assertThat(cluster.holds(attempt.attemptId())).isFalse();
  }

  @Test
  void aResultOfAJobTheControlPlaneNeverKnewIsKeptAsAnOrphanAndNotAcknowledged() {
    startControlPlane();
    AttemptReport restored =
        new AttemptReport(
            "job-0ld0ld0ld0ld/1",
            "job-0ld0ld0ld0ld",
            3,
            AttemptPhase.FAILED,
            2,
            "exited with code 2",
            1.5,
            "");

    List<AgentCommand> atRegistration =
        control.registered(node(), new RecordingLink(), List.of(restored));
    List<AgentCommand> again = control.attemptStatus(node().id(), restored);

    assertThat(atRegistration).noneMatch(c -> c instanceof AgentCommand.Acknowledge);
    assertThat(atRegistration).anyMatch(c -> c instanceof AgentCommand.Unknown);
    assertThat(again).singleElement().isInstanceOf(AgentCommand.Unknown.class);
    assertThat(control.orphans().list())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.nodeId()).isEqualTo(node().id());
              assertThat(o.report().exitCode()).isEqualTo(2);
            });
  }

  @Test
  void theLostAfterPeriodCountsFromTheDatabasesReturnAtTheEarliest() {
    Assignment attempt = runOnNode(control.submit("req-db", spec()).job(), 7);
    startControlPlane();
    Instant databaseBack = T0.plusSeconds(50);

    assertThat(cluster.attemptsOnLostNodes(T0.plusSeconds(61), LOST_AFTER, databaseBack)).isEmpty();
    assertThat(cluster.attemptsOnLostNodes(T0.plusSeconds(111), LOST_AFTER, databaseBack))
        .containsExactly(attempt.attemptId());
  }

  @Test
  void attemptsOfANodeThatDoesNotComeBackAreRequeuedAfterTheLostAfterPeriod() {
    Assignment attempt = runOnNode(control.submit("req-b", spec()).job(), 7);
    startControlPlane();

    assertThat(cluster.attemptsOnLostNodes(T0.plusSeconds(59), LOST_AFTER)).isEmpty();
    control.requeueLost(cluster.attemptsOnLostNodes(T0.plusSeconds(61), LOST_AFTER));

    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.PENDING);
    assertThat(control.get(attempt.jobId()).message()).contains("fenced and the job re-queued");
    startControlPlane();
    assertThat(cluster.holds(attempt.attemptId())).isFalse();
    assertThat(queue.due(T0)).containsExactly(attempt.jobId());

    // The agent comes back late, still running the old attempt: it is told to stop it.
    RecordingLink link = new RecordingLink();
    assertThat(
            fenced(
                control.registered(node(), link, List.of(report(attempt, AttemptPhase.RUNNING)))))
        .containsExactly(attempt.attemptId());
  }

  /**
   * A partition that leaves the agent's stream open (the agent frozen, or its link stalled): the
   * control plane re-queues the attempt after the lost-after period and tells the agent on that
   * stream to stop it; when the agent is heard from again, its heartbeat still lists the attempt
   * and is answered with the same, while an attempt still held on the node is left alone.
   */
  @Test
  void anAgentBackOnItsOldStreamIsToldToStopTheAttemptsThatWereRequeued() {
    Job job = control.submit("req-b", spec()).job();
    RecordingLink link = new RecordingLink();
    control.registered(node(), link, List.of());
    Assignment old =
        new Assignment(job.id() + "/1", job.id(), 7, job.spec().workload(), List.of(1), 0, 0, null);
    bind(
        control,
        job.scheduled("edge-fra-1", "de-fra", old.attemptId(), "placed", T0),
        "edge-fra-1",
        old);
    Job other = control.submit("req-c", spec()).job();
    Assignment kept =
        new Assignment(
            other.id() + "/1", other.id(), 8, other.spec().workload(), List.of(0), 0, 0, null);
    bind(
        control,
        other.scheduled("edge-fra-1", "de-fra", kept.attemptId(), "placed", T0),
        "edge-fra-1",
        kept);
    assertThat(control.running("edge-fra-1", Set.of(old.attemptId(), kept.attemptId()))).isEmpty();

    cluster.expire(T0.plusSeconds(11), Duration.ofSeconds(10));
    control.requeueLost(List.of(old.attemptId()));

    assertThat(link.sent).contains("fence " + old.attemptId());
    assertThat(control.get(job.id()).state()).isEqualTo(JobState.PENDING);
    assertThat(control.running("edge-fra-1", Set.of(old.attemptId(), kept.attemptId())))
        .containsExactly(new AgentCommand.Fence(old.attemptId(), AttemptReconciler.FENCED));
    assertThat(control.running("edge-fra-1", Set.of("job-unknown/1")))
        .extracting(c -> ((AgentCommand.Fence) c).attemptId())
        .containsExactly("job-unknown/1");
  }

  @Test
  void aFinishedJobStaysFinishedAndFreesItsNode() {
    Assignment attempt = runOnNode(control.submit("req-b", spec()).job(), 7);
    RecordingLink link = new RecordingLink();
    control.registered(node(), link, List.of(report(attempt, AttemptPhase.RUNNING)));
    control.attemptStatus("edge-fra-1", report(attempt, AttemptPhase.SUCCEEDED));

    startControlPlane();

    assertThat(control.get(attempt.jobId()).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(cluster.holds(attempt.attemptId())).isFalse();
    assertThat(queue.size()).isZero();
  }

  /** Registers the node and binds the job's first attempt to GPU 1 with {@code epoch}. */
  private Assignment runOnNode(Job job, long epoch) {
    control.registered(node(), new RecordingLink(), List.of());
    Assignment a =
        new Assignment(
            job.id() + "/1", job.id(), epoch, job.spec().workload(), List.of(1), 0, 0, null);
    bind(
        control,
        job.scheduled("edge-fra-1", "de-fra", a.attemptId(), "placed", T0),
        "edge-fra-1",
        a);
    return a;
  }

  /** The attempts a registration's answer fences. */
  static List<String> fenced(List<AgentCommand> answer) {
    assertThat(answer.get(0)).isInstanceOf(AgentCommand.Registered.class);
    return ((AgentCommand.Registered) answer.get(0)).fencedAttemptIds();
  }

  /** The answer as the agent would hear it, one line per message. */
  static List<String> sent(List<AgentCommand> answer) {
    RecordingLink link = new RecordingLink();
    for (AgentCommand command : answer) {
      if (command instanceof AgentCommand.Registered r) {
        link.registered(r.fencedAttemptIds());
      } else if (command instanceof AgentCommand.Assign a) {
        link.assign(a.assignment());
      } else if (command instanceof AgentCommand.Cancel c) {
        link.cancel(c.attemptId(), c.reason());
      } else if (command instanceof AgentCommand.Fence f) {
        link.fence(f.attemptId(), f.reason());
      } else if (command instanceof AgentCommand.Acknowledge a) {
        link.acknowledge(a.attemptId());
      }
    }
    return link.sent;
  }

  static AttemptReport report(Assignment a, AttemptPhase phase) {
    return new AttemptReport(
        a.attemptId(), a.jobId(), a.epoch(), phase, phase.isTerminal() ? 0 : null, "", 0.5, "");
  }

  static void bind(JobControl control, Job scheduled, String nodeId, Assignment attempt) {
    control.bindAll(List.of(new JobStore.Binding(scheduled, nodeId, attempt)));
  }

  static JobSpec spec() {
    return new JobSpec(
        "chat",
        Workload.command("sh", "-c", "true"),
        ResourceRequest.gpus(1, 1024),
        new PlacementConstraints("", 0, Set.of(), Map.of()),
        JobClass.STANDARD,
        null,
        JobSpec.DEFAULT_EXPECTED_DURATION,
        1,
        0,
        null);
  }

  static NodeInfo node() {
    return new NodeInfo(
        "edge-fra-1",
        "de-fra",
        "DE",
        "DE-LU",
        1.1,
        Map.of(),
        List.of(
            new GpuDevice(0, "GPU-0", "NVIDIA L4", 23_034, 0, 72),
            new GpuDevice(1, "GPU-1", "NVIDIA L4", 23_034, 0, 72)),
        8000,
        32_768,
        true,
        0);
  }

  /** What the control plane sent down to the agent. */
  static final class RecordingLink implements NodeLink {
    final List<String> sent = new ArrayList<>();

    @Override
    public String sessionId() {
      return "test";
    }

    @Override
    public void registered(List<String> fencedAttemptIds) {
      sent.add("registered " + fencedAttemptIds);
    }

    @Override
    public void assign(Assignment assignment) {
      sent.add("assign " + assignment.attemptId() + " epoch " + assignment.epoch());
    }

    @Override
    public void cancel(String attemptId, String reason) {
      sent.add("cancel " + attemptId);
    }

    @Override
    public void fence(String attemptId, String reason) {
      sent.add("fence " + attemptId);
    }

    @Override
    public void acknowledge(String attemptId) {
      sent.add("ack " + attemptId);
    }

    @Override
    public void drain(String reason) {
      sent.add("drain");
    }

    @Override
    public void disconnect(String reason) {
      sent.add("disconnect");
    }
  }
}
