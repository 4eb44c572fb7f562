package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Registrations that arrive while others are applied are applied together, each answered. */
class RegistrationBatchesTest {
  private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
  private final HeldStore store = new HeldStore();
  private final ClusterState cluster = new ClusterState();
  private final JobControl control =
      new JobControl(
          store, cluster, new SchedulingQueue(Duration.ofSeconds(30)), clock, Unpriced.EUR);

  @Test
  void registrationsWaitingForAGroupShareOneStoreWriteAndABadRowFailsOnlyItsOwn() throws Exception {
    CompletableFuture<List<AgentCommand>> first =
        CompletableFuture.supplyAsync(() -> control.registered(node("edge-0"), link(), List.of()));
    assertThat(store.writing.await(10, TimeUnit.SECONDS)).as("the first write started").isTrue();

    List<CompletableFuture<List<AgentCommand>>> waiting = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      waiting.add(control.registeredAsync(node("edge-" + i), link(), List.of()));
    }
    CompletableFuture<List<AgentCommand>> bad =
        control.registeredAsync(node(HeldStore.UNWRITABLE), link(), List.of());
    assertThat(waiting)
        .as("nothing is applied before its row is written")
        .noneMatch(f -> f.isDone());

    store.release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).get(0)).isInstanceOf(AgentCommand.Registered.class);
    for (CompletableFuture<List<AgentCommand>> answer : waiting) {
      assertThat(answer.get(10, TimeUnit.SECONDS))
          .first()
          .isInstanceOf(AgentCommand.Registered.class);
    }
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("cannot write " + HeldStore.UNWRITABLE);

    // One write for the first, one for the 21 that waited (which failed for the bad row), then
    // each of those alone.
    assertThat(store.writes.subList(0, 2)).containsExactly(1, 21);
    assertThat(store.writes.subList(2, store.writes.size())).hasSize(21).containsOnly(1);
    for (int i = 0; i <= 20; i++) {
      assertThat(cluster.link("edge-" + i)).as("edge-%d registered", i).isPresent();
    }
    assertThat(cluster.link(HeldStore.UNWRITABLE)).as("never in memory without its row").isEmpty();
  }

  private static RecoveryTest.RecordingLink link() {
    return new RecoveryTest.RecordingLink();
  }

  private static NodeInfo node(String id) {
    NodeInfo n = RecoveryTest.node();
    return new NodeInfo(
        id,
        n.region(),
        n.jurisdiction(),
        n.marketZone(),
        n.pue(),
        n.labels(),
        n.gpus(),
        n.cpuMillis(),
        n.memoryMiB(),
        n.simulated(),
        n.sitePowerCapKw());
  }

  /** Jobs in memory; the first node write waits to be released; one node cannot be written. */
  private static final class HeldStore extends MemoryBackedStore {
    static final String UNWRITABLE = "edge-unwritable";
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> writes = new CopyOnWriteArrayList<>();

    @Override
    public void nodesRegistered(List<NodeInfo> infos) {
      writes.add(infos.size());
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (infos.stream().anyMatch(n -> n.id().equals(UNWRITABLE))) {
        throw new IllegalStateException("cannot write " + UNWRITABLE);
      }
    }
  }
}
