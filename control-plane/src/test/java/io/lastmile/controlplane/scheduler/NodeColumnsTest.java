package io.lastmile.controlplane.scheduler;

import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeColumnsTest {

  @Test
  void siteCapBitsFollowEachNodeAcrossChunksAndReequipment() {
    List<NodeSnapshot> nodes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      nodes.add(node("n-%03d".formatted(i)).capKw(i % 3 == 0 ? 2.0 : 0).build());
    }
    ClusterView view =
        Fixtures.view(
            Fixtures.latency(), ClusterView.NO_PRICES, nodes.toArray(NodeSnapshot[]::new));
    NodeColumns columns = view.columns();

    for (int k = 0; k < columns.size(); k++) {
      assertThat(columns.hasSitePowerCap(k)).isEqualTo(columns.sitePowerCapKw(k) > 0);
    }
    assertThat(columns.hasSitePowerCap(129)).isTrue();
    assertThat(columns.hasSitePowerCap(130)).isFalse();

    ClusterView capped = view.withNode(node("n-130").capKw(1.5).build());
    ClusterView uncapped = capped.withNode(node("n-129").build());

    assertThat(capped.columns().hasSitePowerCap(130)).isTrue();
    assertThat(uncapped.columns().hasSitePowerCap(129)).isFalse();
    assertThat(uncapped.columns().hasSitePowerCap(130)).isTrue();
    assertThat(columns.hasSitePowerCap(130)).as("the view it came from").isFalse();
  }

  @Test
  void chunkLeastFreeGpuMemoryCountsOnlyFreeGpus() {
    NodeSnapshot roomy = node("a").gpus(2, "NVIDIA L4", 24_576, 72).build();
    NodeSnapshot tight =
        node("b").gpu("NVIDIA L4", 24_576, 14_336).gpu("NVIDIA L4", 24_576, 0).build();
    NodeSnapshot full = node("c").gpu("NVIDIA L4", 24_576, 20_480).allocated(0).build();
    ClusterView view = Fixtures.view(Fixtures.latency(), ClusterView.NO_PRICES, roomy, tight, full);

    assertThat(view.columns().chunkLeastFreeGpuMemoryMiB(0)).isEqualTo(10_240);

    NodeSnapshot tightInUse = tight.withAllocation(Set.of(0), 0, 0);
    assertThat(view.withNode(tightInUse).columns().chunkLeastFreeGpuMemoryMiB(0)).isEqualTo(24_576);
  }

  @Test
  void chunkWithoutAFreeGpuHasNoLeastFreeGpuMemory() {
    NodeSnapshot full = node("c").gpus(1, "NVIDIA L4", 24_576, 72).allocated(0).build();
    ClusterView view = Fixtures.view(Fixtures.latency(), ClusterView.NO_PRICES, full);

    assertThat(view.columns().chunkLeastFreeGpuMemoryMiB(0)).isEqualTo(Long.MAX_VALUE);
  }
}
