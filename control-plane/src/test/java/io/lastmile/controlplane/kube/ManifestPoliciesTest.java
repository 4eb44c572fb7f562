package io.lastmile.controlplane.kube;

import static io.lastmile.controlplane.kube.ManifestsTest.AGENTS;
import static io.lastmile.controlplane.kube.ManifestsTest.CONTROL_PLANE;
import static io.lastmile.controlplane.kube.ManifestsTest.all;
import static io.lastmile.controlplane.kube.ManifestsTest.one;
import static io.lastmile.controlplane.kube.ManifestsTest.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a cluster's admission and network enforce on the rendered overlays: the Pod Security level
 * of each namespace, and NetworkPolicies that allow each part only the peers it needs.
 */
class ManifestPoliciesTest {
  /**
   * Every namespace says which Pod Security level it enforces, and every pod template meets it; the
   * agents' namespace is privileged only for the hostPath that keeps the attempt journal, and its
   * pods break no other baseline rule.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void podTemplatesMeetTheirNamespacesPodSecurityLevel(String overlay) throws Exception {
    podSecurity(render(overlay));
  }

  static void podSecurity(List<HasMetadata> objects) throws Exception {
    Map<String, PodSecurity.Level> levels = new java.util.HashMap<>();
    for (Namespace ns : all(objects, Namespace.class)) {
      assertThat(ns.getMetadata().getLabels()).containsKey("pod-security.kubernetes.io/enforce");
      levels.put(ns.getMetadata().getName(), PodSecurity.Level.of(ns.getMetadata().getLabels()));
    }
    assertThat(levels)
        .containsEntry(CONTROL_PLANE, PodSecurity.Level.RESTRICTED)
        .containsEntry(AGENTS, PodSecurity.Level.PRIVILEGED);
    Map<String, PodSpec> templates = podTemplates(objects);
    assertThat(templates).isNotEmpty();
    templates.forEach(
        (name, pod) -> {
          String namespace = name.substring(0, name.indexOf('/'));
          assertThat(PodSecurity.violations(pod, levels.get(namespace)))
              .as("Pod Security (%s) refuses %s", levels.get(namespace), name)
              .isEmpty();
        });
    PodSpec agent = templates.get(AGENTS + "/lastmile-agent");
    assertThat(PodSecurity.violations(agent, PodSecurity.Level.BASELINE))
        .containsExactly("volume work: hostPath");
    assertThat(PodSecurity.violations(agent, PodSecurity.Level.RESTRICTED))
        .containsExactlyInAnyOrder(
            "volume work: hostPath",
            "container agent: runAsNonRoot not true",
            "container agent: runAsUser 0",
            "container agent: adds capability CHOWN (restricted)",
            "container agent: adds capability DAC_OVERRIDE (restricted)",
            "container agent: adds capability FOWNER (restricted)",
            "container agent: adds capability SETGID (restricted)",
            "container agent: adds capability SETUID (restricted)");
  }

  /** The checks themselves refuse what each level refuses. */
  @org.junit.jupiter.api.Test
  void podSecurityChecksRefuseWhatTheLevelsRefuse() throws Exception {
    PodSpec pod =
        one(render("dev"), DaemonSet.class, "lastmile-agent").getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    c.getSecurityContext().setPrivileged(true);
    c.getSecurityContext().getCapabilities().setAdd(List.of("SYS_ADMIN"));
    c.getSecurityContext().setAllowPrivilegeEscalation(null);
    pod.setHostNetwork(true);
    assertThat(PodSecurity.violations(pod, PodSecurity.Level.BASELINE))
        .contains(
            "hostNetwork",
            "container agent: privileged",
            "container agent: adds capability SYS_ADMIN");
    assertThat(PodSecurity.violations(pod, PodSecurity.Level.RESTRICTED))
        .contains("container agent: allowPrivilegeEscalation not false");
    assertThat(PodSecurity.violations(pod, PodSecurity.Level.PRIVILEGED)).isEmpty();
  }

  /**
   * The control plane may reach DNS, the API server's private addresses and its database only;
   * PostgreSQL answers the control plane only; the agents reach DNS and the control plane's gRPC
   * port, and nothing reaches them but their health port.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void networkPoliciesAllowOnlyWhatEachPartNeeds(String overlay) throws Exception {
    networkPolicies(render(overlay), overlay);
  }

  static void networkPolicies(List<HasMetadata> objects, String overlay) throws Exception {
    List<NetworkPolicy> policies = all(objects, NetworkPolicy.class);
    for (NetworkPolicy policy : policies) {
      for (var rule : Optional.ofNullable(policy.getSpec().getEgress()).orElse(List.of())) {
        assertThat(rule.getTo())
            .as("egress of %s goes to named peers, not anywhere", policy.getMetadata().getName())
            .isNotEmpty();
        rule.getTo().stream()
            .map(NetworkPolicyPeer::getIpBlock)
            .filter(java.util.Objects::nonNull)
            .forEach(b -> assertThat(b.getCidr()).isNotEqualTo("0.0.0.0/0"));
      }
    }
    Deployment cp = one(objects, Deployment.class, "lastmile-control-plane");
    Map<String, String> cpLabels = cp.getSpec().getTemplate().getMetadata().getLabels();
    List<NetworkPolicyEgressRule> cpEgress =
        policies.stream()
            .filter(p -> selects(p, cpLabels))
            .flatMap(p -> p.getSpec().getEgress().stream())
            .toList();
    assertThat(cpEgress.stream().flatMap(r -> r.getPorts().stream()))
        .extracting(p -> p.getPort().getIntVal())
        .containsOnly(53, 443, 6443, 5432);
    NetworkPolicyEgressRule database =
        cpEgress.stream()
            .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 5432))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the control plane cannot reach its database"));
    if (overlay.equals("dev")) {
      Map<String, String> pg =
          one(objects, StatefulSet.class, "lastmile-postgres")
              .getSpec()
              .getTemplate()
              .getMetadata()
              .getLabels();
      assertThat(database.getTo())
          .singleElement()
          .satisfies(
              peer -> assertThat(pg).containsAllEntriesOf(peer.getPodSelector().getMatchLabels()));
      NetworkPolicy postgres = one(objects, NetworkPolicy.class, "lastmile-postgres");
      assertThat(selects(postgres, pg)).isTrue();
      assertThat(postgres.getSpec().getIngress())
          .singleElement()
          .satisfies(
              in ->
                  assertThat(cpLabels)
                      .containsAllEntriesOf(in.getFrom().get(0).getPodSelector().getMatchLabels()));
      assertThat(postgres.getSpec().getPolicyTypes()).contains("Egress");
      assertThat(postgres.getSpec().getEgress()).isEmpty();
    } else {
      assertThat(database.getTo())
          .singleElement()
          .satisfies(p -> assertThat(p.getIpBlock()).isNotNull());
    }

    DaemonSet agent = one(objects, DaemonSet.class, "lastmile-agent");
    NetworkPolicy agentPolicy = one(objects, NetworkPolicy.class, "lastmile-agent");
    assertThat(selects(agentPolicy, agent.getSpec().getTemplate().getMetadata().getLabels()))
        .isTrue();
    int health =
        agent
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getPorts()
            .get(0)
            .getContainerPort();
    assertThat(agentPolicy.getSpec().getIngress())
        .flatExtracting(NetworkPolicyIngressRule::getPorts)
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(health);
    NetworkPolicyPeer controlPlane =
        agentPolicy.getSpec().getEgress().stream()
            .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 9090))
            .findFirst()
            .orElseThrow()
            .getTo()
            .get(0);
    assertThat(controlPlane.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", CONTROL_PLANE);
    assertThat(cpLabels).containsAllEntriesOf(controlPlane.getPodSelector().getMatchLabels());
  }

  private static boolean selects(NetworkPolicy policy, Map<String, String> podLabels) {
    return podLabels
        .entrySet()
        .containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet());
  }

  /** Every pod template, by namespace/name. */
  private static Map<String, PodSpec> podTemplates(List<HasMetadata> objects) {
    Map<String, PodSpec> out = new java.util.TreeMap<>();
    for (HasMetadata o : objects) {
      PodSpec pod =
          o instanceof Deployment d
              ? d.getSpec().getTemplate().getSpec()
              : o instanceof StatefulSet s
                  ? s.getSpec().getTemplate().getSpec()
                  : o instanceof DaemonSet ds ? ds.getSpec().getTemplate().getSpec() : null;
      if (pod != null) {
        out.put(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(), pod);
      }
    }
    return out;
  }
}
