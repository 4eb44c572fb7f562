package io.lastmile.controlplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a heartbeat changes in the scheduler's view of its node, and when it changes nothing. */
class ClusterStateHeartbeatTest {
  private static final Instant T0 = Fixtures.NOW;

  private final ClusterState cluster = new ClusterState();
  private final NodeLink session = new Link("s-1");

  @BeforeEach
  void register() {
    cluster.register(node(), session, T0);
  }

  @Test
  void measuredGpuMemoryReplacesWhatRegistrationSaid() {
    boolean applied =
        cluster.heartbeat("edge-1", session, telemetry(1, 150, Map.of(0, 20_000L)), T0);

    assertThat(applied).isTrue();
    NodeSnapshot node = only();
    assertThat(node.info().gpus())
        .extracting(GpuDevice::memoryFreeMiB)
        .containsExactly(3_034L, 24_000L);
    assertThat(node.maxFreeGpuMemoryMiB()).isEqualTo(24_000);
    assertThat(node.minFreeGpuMemoryMiB()).isEqualTo(3_034);
    assertThat(node.powerDrawW()).isEqualTo(150);
  }

  @Test
  void aHeartbeatArrivingAfterALaterOneChangesNothing() {
    cluster.heartbeat("edge-1", session, telemetry(2, 150, Map.of(0, 1_000L)), T0);

    boolean applied =
        cluster.heartbeat(
            "edge-1", session, telemetry(1, 900, Map.of(0, 23_000L)), T0.plusSeconds(1));
    boolean repeated =
        cluster.heartbeat(
            "edge-1", session, telemetry(2, 900, Map.of(0, 23_000L)), T0.plusSeconds(1));

    assertThat(applied).isFalse();
    assertThat(repeated).isFalse();
    assertThat(only().powerDrawW()).isEqualTo(150);
    assertThat(only().info().gpus().get(0).memoryUsedMiB()).isEqualTo(1_000);
  }

  @Test
  void aNewSessionCountsItsHeartbeatsFromOneAgainAndTheOldSessionIsIgnored() {
    cluster.heartbeat("edge-1", session, telemetry(40, 150, Map.of()), T0);
    NodeLink next = new Link("s-2");
    cluster.register(node(), next, T0.plusSeconds(5));

    boolean fromNew = cluster.heartbeat("edge-1", next, telemetry(1, 200, Map.of()), T0);
    boolean fromOld = cluster.heartbeat("edge-1", session, telemetry(41, 999, Map.of()), T0);

    assertThat(fromNew).isTrue();
    assertThat(fromOld).isFalse();
    assertThat(only().powerDrawW()).isEqualTo(200);
  }

  @Test
  void anUnknownGpuIndexIsIgnoredAndAnUnchangedReadingKeepsTheSameNode() {
    NodeInfo before = only().info();

    cluster.heartbeat("edge-1", session, telemetry(1, 0, Map.of(0, 0L, 7, 5L)), T0);

    assertThat(only().info()).isSameAs(before);
  }

  private NodeSnapshot only() {
    List<NodeSnapshot> nodes = cluster.snapshot();
    assertThat(nodes).hasSize(1);
    return nodes.get(0);
  }

  private static NodeTelemetry telemetry(long sequence, double watts, Map<Integer, Long> used) {
    return new NodeTelemetry(sequence, watts, used, Map.of());
  }

  private static NodeInfo node() {
    return Fixtures.node("edge-1")
        .gpu("NVIDIA L4", 23_034, 0)
        .gpu("NVIDIA L40S", 24_000, 0)
        .build()
        .info();
  }

  private record Link(String sessionId) implements NodeLink {
    @Override
    public void registered(List<String> fencedAttemptIds) {}

    @Override
    public void assign(Assignment assignment) {}

    @Override
    public void cancel(String attemptId, String reason) {}

    @Override
    public void acknowledge(String attemptId) {}

    @Override
    public void drain(String reason) {}

    @Override
    public void disconnect(String reason) {}
  }
}
