package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.InMemoryJobStore;
import io.lastmile.controlplane.store.JobQuery;
import io.lastmile.controlplane.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The placements of a scheduling cycle are made durable in one store write, and reach agents and
 * nodes only once it committed: a write that fails binds none of them.
 */
class BindBatchTest {
  private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  private final ClusterState cluster = new ClusterState();
  private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(30));
  private final CountingStore store = new CountingStore();
  private final JobControl control = new JobControl(store, cluster, queue, clock, Unpriced.EUR);
  private final Scheduler scheduler = Fixtures.scheduler(1, 1, 1);
  private final SchedulingLoop loop =
      TestLoops.loop(control, cluster, scheduler, scheduler::decide, clock);
  private final RecoveryTest.RecordingLink link = new RecoveryTest.RecordingLink();

  @Test
  void theJobsPlacedInOneCycleAreBoundInOneWrite() {
    control.registered(RecoveryTest.node(), link, List.of());
    String first = control.submit("req-1", RecoveryTest.spec()).job().id();
    String second = control.submit("req-2", RecoveryTest.spec()).job().id();

    loop.tick();

    assertThat(store.bindWrites).containsExactly(2);
    assertThat(control.get(first).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(control.get(second).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(link.sent)
        .anyMatch(sent -> sent.startsWith("assign " + first + "/1 epoch "))
        .anyMatch(sent -> sent.startsWith("assign " + second + "/1 epoch "));
  }

  @Test
  void aBatchWhoseWriteFailsIsNeitherSentNorHeldAndIsPlacedAfterItsBackOff() {
    control.registered(RecoveryTest.node(), link, List.of());
    String first = control.submit("req-1", RecoveryTest.spec()).job().id();
    String second = control.submit("req-2", RecoveryTest.spec()).job().id();
    store.failBinds = true;

    loop.tick();

    assertThat(link.sent).noneMatch(sent -> sent.startsWith("assign "));
    for (String id : List.of(first, second)) {
      Job job = control.get(id);
      assertThat(job.state()).isEqualTo(JobState.PENDING);
      assertThat(job.attemptCount()).isZero();
      assertThat(job.message()).startsWith("placement failed with an internal error (ref ");
    }
    assertThat(queue.due(Fixtures.NOW)).isEmpty();

    // Both GPUs were left free: once the store writes again, both jobs fit on the node.
    store.failBinds = false;
    queue.clearBackoffs();
    loop.tick();

    assertThat(control.get(first).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(control.get(second).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(link.sent).filteredOn(sent -> sent.startsWith("assign ")).hasSize(2);
  }

  /** Jobs in memory; counts the jobs of each bind write, or fails them. */
  private static final class CountingStore implements JobStore {
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    final List<Integer> bindWrites = new ArrayList<>();
    boolean failBinds;

    @Override
    public void bindAll(List<Binding> bindings) {
      if (failBinds) {
        throw new IllegalStateException("the database went away");
      }
      bindWrites.add(bindings.size());
      jobs.bindAll(bindings);
    }

    @Override
    public Inserted insertIfAbsent(Job job) {
      return jobs.insertIfAbsent(job);
    }

    @Override
    public Optional<Job> get(String jobId) {
      return jobs.get(jobId);
    }

    @Override
    public void update(Job job) {
      jobs.update(job);
    }

    @Override
    public void explain(List<Job> explained) {
      jobs.explain(explained);
    }

    @Override
    public Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
      return jobs.list(states, tenant, pageSize, pageToken);
    }

    @Override
    public Found find(JobQuery query) {
      return jobs.find(query);
    }

    @Override
    public List<Job> unfinished() {
      return jobs.unfinished();
    }
  }
}
