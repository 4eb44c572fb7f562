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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void unprintableLabelsVersionsAndModelsAreRefusedByNameWithTheCharacterEscaped() {
    assertThatThrownBy(
            () -> Registration.node(edge().putLabels("rack", "a\u202Eb").build(), null, topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.labels[rack]")
        .hasMessageContaining("U+202E at position 1")
        .hasMessageContaining("a\\u202Eb")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u202E"));
    assertThatThrownBy(
            () -> Registration.node(edge().setAgentVersion("1.0\u0007").build(), null, topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.agent_version");
    assertThatThrownBy(
            () ->
                Registration.node(
                    edge().addGpus(Gpu.newBuilder().setIndex(2).setModel("L4\u001b[2J")).build(),
                    null,
                    topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.gpus[2].model");
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "edge-1",
        "ip-10-0-1-23.eu-central-1.compute.internal",
        "gke-pool-1-a1b2c3d4-x9z8",
        "7"
      })
  void kubernetesNodeNamesAreNodeIds(String name) {
    assertThat(Registration.node(edge().setNodeId(name).build(), null, topology).id())
        .isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Edge-1", "edge_1", "-edge", "edge-", "edge..fra", ".edge", "edge."})
  void otherNamesAreRefusedWithTheRule(String name) {
    assertThatThrownBy(() -> Registration.node(edge().setNodeId(name).build(), null, topology))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("register.node_id")
        .hasMessageContaining("DNS-1123 subdomain");
  }

  @Test
  void aNodeIdIsAtMost253CharactersAndEachLabelAtMost63() {
    String label = "a".repeat(63);
    String longest = String.join(".", label, label, label, "b".repeat(61));
    assertThat(longest).hasSize(253);
    assertThat(Registration.node(edge().setNodeId(longest).build(), null, topology).id())
        .isEqualTo(longest);
    assertThatThrownBy(
            () -> Registration.node(edge().setNodeId(longest + "b").build(), null, topology))
        .hasMessageContaining("register.node_id");
    assertThatThrownBy(
            () -> Registration.node(edge().setNodeId(label + "a").build(), null, topology))
        .hasMessageContaining("register.node_id");
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
