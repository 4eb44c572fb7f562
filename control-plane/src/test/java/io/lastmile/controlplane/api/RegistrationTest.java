package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.api.v1.Gpu;
import io.lastmile.api.v1.Register;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.energy.Topology;
import org.junit.jupiter.api.Test;

class RegistrationTest {
  private final Topology topology = Topology.sample();

  private static Register.Builder edge() {
    return Register.newBuilder()
        .setNodeId("edge-1")
        .setRegion("de-fra")
        .addGpus(Gpu.newBuilder().setIndex(0).setModel("L4"))
        .addGpus(Gpu.newBuilder().setIndex(1).setModel("A100").setMigEnabled(true));
  }

  @Test
  void fillsJurisdictionAndMarketZoneFromTheRegionAndLeavesMigGpusOut() {
    NodeInfo node = Registration.node(edge().build(), null, topology);

    assertThat(node.jurisdiction()).isEqualTo("DE");
    assertThat(node.marketZone()).isEqualTo("DE-LU");
    assertThat(node.pue()).isEqualTo(1.0);
    assertThat(node.gpus()).extracting(g -> g.model()).containsExactly("L4");
  }

  @Test
  void keepsWhatTheAgentSaidOfItsSite() {
    NodeInfo node =
        Registration.node(
            edge().setJurisdiction("FR").setMarketZone("FR").setPue(1.4).build(), null, topology);

    assertThat(node.jurisdiction()).isEqualTo("FR");
    assertThat(node.marketZone()).isEqualTo("FR");
    assertThat(node.pue()).isEqualTo(1.4);
  }

  @Test
  void anUnknownRegionNamesTheFieldTheValueAndTheKnownRegions() {
    assertThatThrownBy(() -> Registration.node(edge().setRegion("mars-1").build(), null, topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.region")
        .hasMessageContaining("mars-1")
        .hasMessageContaining("de-fra");
  }

  @Test
  void aBadNodeIdPueOrVersionIsRefusedByName() {
    assertThatThrownBy(() -> Registration.node(edge().setNodeId("Edge_1").build(), null, topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.node_id")
        .hasMessageContaining("Edge_1");
    assertThatThrownBy(() -> Registration.node(edge().setPue(0.5).build(), null, topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.pue")
        .hasMessageContaining("0.5");
    assertThatThrownBy(
            () -> Registration.node(edge().setAgentVersion("v".repeat(65)).build(), null, topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.agent_version");
  }

  @Test
  void aNodeCredentialRegistersOnlyItsOwnNode() {
    assertThat(Registration.node(edge().build(), "edge-1", topology).id()).isEqualTo("edge-1");
    assertThatThrownBy(() -> Registration.node(edge().build(), "edge-2", topology))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("edge-2")
        .hasMessageContaining("enroll-token --node-id edge-1");
  }
}
