package io.lastmile.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.domain.FencedException;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobEventType;
import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.domain.Workload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every database behind {@link JdbcJobStore} must do. */
abstract class JdbcJobStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");
  final Clock clock = Clock.fixed(T0, java.time.ZoneOffset.UTC);
  Database db;
  String region;
  JdbcJobStore store;

  abstract Database open();

  @BeforeEach
  void openStore() {
    db = open();
    region = TestDatabases.freshRegion();
    store = reopen();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
      db.close();
    }
  }

  /** A new store on the same database, as after a restart. */
  JdbcJobStore reopen() {
    LeaderFence fence = new LeaderFence(region, "test", clock);
    fence.acquire(db);
    return new JdbcJobStore(db, fence, clock);
  }

  /** Replaces the store with a new one, as a restarted control plane, and loads its state. */
  StoredState restart() {
    store.close();
    store = reopen();
    return store.load();
  }

  static JobSpec spec(String name) {
    return new JobSpec(
        name,
        new Workload("sh", List.of("-c", "echo hi"), Map.of("MODEL", "llama"), ""),
        new ResourceRequest(1, 16_384, "L4", 500, 2048),
        new PlacementConstraints("de-fra", 30, Set.of("DE", "FR"), Map.of("tier", "edge")),
        JobClass.DEFERRABLE,
        T0.plus(Duration.ofHours(2)),
        Duration.ofMinutes(5),
        3,
        7,
        Duration.ofSeconds(90),
        new JobScoring(Map.of("energy-cost", 3.0, "round-trip", 0.5), PackingPolicy.SPREAD),
        "acme");
  }

  /** A new job; ids carry the test's region as tests may share one database. */
  Job job(String name) {
    return Job.accepted(region + "-" + name, "req-" + name, spec(name), T0);
  }

  @Test
  void aStoredJobIsThereAfterARestartExactlyAsWritten() {
    Job job = job("job-1");
    store.insertIfAbsent(job);

    StoredState state = restart();

    assertThat(state.jobs()).containsExactly(job);
    assertThat(store.get(job.id())).contains(job);
  }

  @Test
  void aFinishedJobKeepsItsLastOutputAcrossARestart() {
    Job job = job("job-out");
    store.insertIfAbsent(job);
    Job placed = job.scheduled("edge-1", "de-fra", job.id() + "/1", "placed", T0);
    store.update(placed);
    Job finished =
        placed
            .transition(JobState.FAILED, 3, "exited with code 3", 1.5, T0.plusSeconds(60))
            .withLogTail("loading model\nCUDA error: out of memory\n");
    store.update(finished);

    StoredState state = restart();

    assertThat(state.jobs()).containsExactly(finished);
    assertThat(store.get(job.id()).orElseThrow().logTail())
        .isEqualTo("loading model\nCUDA error: out of memory\n");
  }

  @Test
  void theSameRequestIdGivesTheFirstJobAlsoAfterARestart() {
    Job first = job("job-1");
    store.insertIfAbsent(first);
    restart();

    JobStore.Inserted again =
        store.insertIfAbsent(Job.accepted(region + "-job-2", "req-job-1", spec("x"), T0));

    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo(first.id());
  }

  @Test
  void concurrentSubmissionsAreAllStoredAndOneRequestIdMakesOneJob() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<JobStore.Inserted>> results = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int n = i;
      results.add(pool.submit(() -> store.insertIfAbsent(job("job-" + n))));
      results.add(
          pool.submit(
              () ->
                  store.insertIfAbsent(
                      Job.accepted(region + "-dup-" + n, "req-shared", spec("s"), T0))));
    }
    int created = 0;
    for (Future<JobStore.Inserted> f : results) {
      created += f.get().created() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(created).isEqualTo(501);
    assertThat(restart().jobs()).hasSize(501);
  }

  @Test
  void asynchronousSubmissionsOfOneRequestIdMakeOneJobWhetherInFlightOrCommitted() {
    List<CompletableFuture<JobStore.Inserted>> pending = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pending.add(
          store.insertIfAbsentAsync(Job.accepted(region + "-a-" + i, "req-async", spec("s"), T0)));
    }
    List<JobStore.Inserted> answers = pending.stream().map(CompletableFuture::join).toList();
    JobStore.Inserted later =
        store
            .insertIfAbsentAsync(Job.accepted(region + "-late", "req-async", spec("s"), T0))
            .join();

    assertThat(answers).filteredOn(JobStore.Inserted::created).hasSize(1);
    String id = answers.stream().filter(JobStore.Inserted::created).findFirst().get().job().id();
    assertThat(answers).allSatisfy(a -> assertThat(a.job().id()).isEqualTo(id));
    assertThat(later.created()).isFalse();
    assertThat(later.job().id()).isEqualTo(id);
    assertThat(restart().jobs()).extracting(Job::id).containsExactly(id);
  }

  @Test
  void anExplanationIsKeptInMemoryWithoutANewVersionAndNotWritten() {
    Job job = job("job-1");
    store.insertIfAbsent(job);

    store.explain(List.of(job.explained("0/0 nodes can host the job")));

    assertThat(store.get(job.id()).orElseThrow().message()).isEqualTo("0/0 nodes can host the job");
    assertThat(store.get(job.id()).orElseThrow().version()).isEqualTo(job.version());
    store.update(job.transition(JobState.CANCELLED, null, "by its owner", 0, T0));
    store.explain(List.of(job.explained("too late")));
    assertThat(store.get(job.id()).orElseThrow().message()).isEqualTo("by its owner");
    assertThat(restart().jobs()).extracting(Job::message).containsExactly("by its owner");
  }

  @Test
  void anExplanationIsNotStoredAcrossARestart() {
    Job job = job("job-1");
    store.insertIfAbsent(job);
    store.explain(List.of(job.explained("0/0 nodes can host the job")));

    assertThat(restart().jobs()).containsExactly(job);
  }

  @Test
  void aWriteBasedOnAnOldVersionIsRejected() {
    Job job = job("job-1");
    store.insertIfAbsent(job);
    store.update(job.pending("0/0 nodes", T0));

    assertThatThrownBy(() -> store.update(job.pending("stale", T0)))
        .isInstanceOf(JobStore.StaleVersionException.class);
  }

  /** A short node id, and a Kubernetes node name of the longest length a node id may have. */
  static Stream<String> nodeIds() {
    String longest =
        String.join(
            ".",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(18),
            "ip-10-0-1-23.eu-central-1.compute.internal");
    return Stream.of("edge", longest);
  }

  @ParameterizedTest
  @MethodSource("nodeIds")
  void aBoundAttemptHoldsItsNodeUntilReleasedAcrossRestarts(String name) {
    Job job = job("job-1");
    String nodeId = name.length() > 200 ? name : region + "-" + name;
    String attemptId = job.id() + "/1";
    store.insertIfAbsent(job);
    store.nodesRegistered(List.of(node(nodeId)));
    Assignment attempt =
        new Assignment(
            attemptId, job.id(), 42, job.spec().workload(), List.of(0, 2), 500, 2048, null);
    Job scheduled = job.scheduled(nodeId, "de-fra", attemptId, "placed", T0);
    store.bind(scheduled, nodeId, attempt);

    StoredState afterBind = restart();
    assertThat(afterBind.nodes()).containsExactly(node(nodeId));
    assertThat(afterBind.liveAttempts())
        .containsExactly(
            new StoredState.Attempt(attemptId, job.id(), nodeId, 42, List.of(0, 2), 500, 2048));
    assertThat(afterBind.maxAttemptEpoch()).isEqualTo(42);

    store.update(
        scheduled.transition(JobState.SUCCEEDED, 0, "exited with code 0", 1.5, T0), attemptId);
    StoredState afterFinish = restart();
    assertThat(afterFinish.liveAttempts()).isEmpty();
    assertThat(afterFinish.maxAttemptEpoch()).isEqualTo(42);
    assertThat(afterFinish.jobs().get(0).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(afterFinish.jobs().get(0).exitCode()).isZero();
    assertThat(afterFinish.jobs().get(0).energyWh()).isEqualTo(1.5);
  }

  @Test
  void aControlPlaneThatLostTheLeadCannotWrite() {
    Job job = job("job-1");
    store.insertIfAbsent(job);

    JdbcJobStore successor = reopen();
    successor.load();

    assertThatThrownBy(() -> store.update(job.pending("from the old leader", T0)))
        .isInstanceOf(FencedException.class);
    assertThatThrownBy(() -> store.insertIfAbsent(job("job-2")))
        .isInstanceOf(FencedException.class);
    successor.update(job.pending("from the new leader", T0));
    successor.close();
    assertThat(restart().jobs().get(0).message()).isEqualTo("from the new leader");
  }

  @Test
  void timesKeepMicrosecondsAndOnlyTransitionsAreEvents() {
    Job job = job("job-1");
    store.insertIfAbsent(job);
    store.update(job.pending("0/0 nodes", T0.plus(1, ChronoUnit.MICROS)));

    assertThat(store.unpublished(10))
        .extracting(e -> e.event().type())
        .containsExactly(JobEventType.SUBMITTED);
    assertThat(restart().jobs().get(0).updateTime()).isEqualTo(T0.plus(1, ChronoUnit.MICROS));
  }

  @Test
  void aDirectlyPublishingStoreHandsOverCommittedEventsAndWritesNoOutbox() {
    store.close();
    List<JobEvent> handed = new ArrayList<>();
    LeaderFence fence = new LeaderFence(region, "test", clock);
    fence.acquire(db);
    store = JdbcJobStore.publishingDirectly(db, fence, clock, Retention.DEFAULT, handed::addAll);
    Job job = job("job-1");
    store.insertIfAbsent(job);
    store.update(job.pending("0/0 nodes", T0));
    Job cancelled =
        job.pending("0/0 nodes", T0).transition(JobState.CANCELLED, null, "by its owner", 0, T0);

    assertThatThrownBy(() -> store.update(cancelled.pending("stale", T0)))
        .isInstanceOf(JobStore.StaleVersionException.class);
    store.update(cancelled);

    assertThat(handed)
        .extracting(JobEvent::type)
        .containsExactly(JobEventType.SUBMITTED, JobEventType.CANCELLED);
    assertThat(store.unpublished(10)).isEmpty();
  }

  @Test
  void nodesRegisteredTogetherAreStoredAndTheLastRegistrationOfANodeWins() {
    String a = region + "-edge-a";
    String b = region + "-edge-b";
    NodeInfo movedA = node(a, "sg-sin");
    store.nodesRegistered(List.of(node(a), node(b)));
    store.nodesRegistered(List.of(node(b), movedA, node(a), movedA));

    assertThat(restart().nodes()).containsExactlyInAnyOrder(movedA, node(b));
  }

  static NodeInfo node(String id) {
    return node(id, "de-fra");
  }

  static NodeInfo node(String id, String nodeRegion) {
    return new NodeInfo(
        id,
        nodeRegion,
        "DE",
        "DE-LU",
        1.2,
        Map.of("tier", "edge"),
        List.of(
            new GpuDevice(0, "GPU-a", "NVIDIA L4", 23_034, 0, 72),
            new GpuDevice(2, "GPU-b", "NVIDIA L4", 23_034, 100, 72)),
        16_000,
        65_536,
        true,
        0);
  }
}
