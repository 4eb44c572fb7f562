package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.lastmile.controlplane.ha.LeaderPodLabel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay renders with kustomize 5 (as {@code kubectl apply -k} does, without a warning) into
 * typed Fabric8 objects with no unknown field, each pod template admitted by the Pod Security level
 * its namespace enforces, and what the objects say agrees with the applications: images, ports,
 * probes, service account, database secret, agent placement and security settings.
 */
class ManifestsTest {
  static final Path OVERLAYS = Path.of("..", "k8s", "overlays");
  static final String VERSION = System.getProperty("manifests.image-tag", "0.1.0-SNAPSHOT");

  /** The tag an overlay runs: dev the development build, prod the release (never a snapshot). */
  static String tag(String overlay) {
    return overlay.equals("prod") ? VERSION.replace("-SNAPSHOT", "") : VERSION;
  }

  static final String CONTROL_PLANE = "lastmile";
  static final String AGENTS = "lastmile-agents";

  /** Everything in the agents' namespace; the rest is in the control plane's. */
  static final java.util.Set<String> IN_AGENTS =
      java.util.Set.of(
          "ServiceAccount/lastmile-agent",
          "Role/lastmile-control-plane",
          "RoleBinding/lastmile-control-plane",
          "ConfigMap/lastmile-agent",
          "DaemonSet/lastmile-agent",
          "NetworkPolicy/lastmile-agent");

  static final List<String> PROBE_PATHS =
      List.of("/q/health/started", "/q/health/live", "/q/health/ready");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void overlayRendersIntoKnownFieldsOnly(String overlay) throws Exception {
    knownFieldsAndNamespaces(render(overlay));
  }

  static void knownFieldsAndNamespaces(List<HasMetadata> objects) {
    java.util.Set<String> inAgents = new java.util.HashSet<>();
    for (HasMetadata object : objects) {
      assertThat(UnknownFields.in(object))
          .as("unknown fields in %s %s", object.getKind(), object.getMetadata().getName())
          .isEmpty();
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/part-of", "lastmile");
      String what = object.getKind() + "/" + object.getMetadata().getName();
      String namespace = object.getMetadata().getNamespace();
      if (List.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding")
          .contains(object.getKind())) {
        assertThat(namespace).as("%s is cluster-scoped", what).isNull();
      } else if (AGENTS.equals(namespace)) {
        inAgents.add(what);
      } else {
        assertThat(namespace).as("namespace of %s", what).isEqualTo(CONTROL_PLANE);
      }
    }
    assertThat(inAgents).containsExactlyInAnyOrderElementsOf(IN_AGENTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void controlPlaneMatchesTheApplicationsPortsImageAndProbes(String overlay) throws Exception {
    controlPlane(render(overlay), overlay);
  }

  static void controlPlane(List<HasMetadata> objects, String overlay) throws Exception {
    Properties app = applicationProperties();
    int grpc = Integer.parseInt(app.getProperty("quarkus.grpc.server.port"));
    int http = Integer.parseInt(app.getProperty("quarkus.http.port"));
    Deployment deployment = one(objects, Deployment.class, "lastmile-control-plane");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/lastmile/control-plane:" + tag(overlay));
    assertThat(c.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("grpc", grpc),
            org.assertj.core.groups.Tuple.tuple("http", http));
    assertThat(Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()))
        .extracting(p -> p.getHttpGet().getPath())
        .containsExactlyElementsOf(PROBE_PATHS);
    Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())
        .map(Probe::getHttpGet)
        .forEach(g -> assertThat(g.getPort().getStrVal()).isEqualTo("http"));
    assertThat(env(c)).containsEntry("LASTMILE_KUBERNETES_ENABLED", "true");
    assertThat(env(c)).containsEntry("LASTMILE_LEADER_ELECTION_ENABLED", "true");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();

    assertThat(one(objects, Service.class, "lastmile-grpc").getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(grpc));
    assertThat(one(objects, Service.class, "lastmile-http").getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(http));
    NetworkPolicy policy = one(objects, NetworkPolicy.class, "lastmile-control-plane");
    assertThat(policy.getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactlyInAnyOrder(grpc, http);
    assertThat(one(objects, PodDisruptionBudget.class, "lastmile-control-plane"))
        .extracting(p -> p.getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);

    String account = pod.getServiceAccountName();
    one(objects, ServiceAccount.class, account);
    RoleBinding binding = one(objects, RoleBinding.class, CONTROL_PLANE, "lastmile-control-plane");
    assertThat(binding.getSubjects()).extracting(s -> s.getName()).containsExactly(account);
    one(objects, Role.class, CONTROL_PLANE, binding.getRoleRef().getName());

    Secret db = one(objects, Secret.class, "lastmile-db");
    assertThat(db.getStringData()).containsKeys("jdbc-url", "username", "password");
    apiTokensComeFromTheOperatorsSecret(objects, pod, c);
  }

  /**
   * Authentication is on by default: the tokens file is the operator's Secret, mounted where
   * LASTMILE_AUTH_TOKENS_FILE points, optional so the pod starts and says what is missing; no token
   * is shipped.
   */
  private static void apiTokensComeFromTheOperatorsSecret(
      List<HasMetadata> objects, PodSpec pod, Container c) {
    assertThat(env(c)).doesNotContainKey("LASTMILE_AUTH_ENABLED");
    var volume =
        pod.getVolumes().stream()
            .filter(v -> v.getSecret() != null)
            .filter(v -> v.getSecret().getSecretName().equals("lastmile-api-tokens"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the Secret lastmile-api-tokens is not mounted"));
    assertThat(volume.getSecret().getOptional()).isTrue();
    String mountPath =
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(volume.getName()))
            .findFirst()
            .orElseThrow()
            .getMountPath();
    assertThat(env(c)).containsEntry("LASTMILE_AUTH_TOKENS_FILE", mountPath + "/tokens");
    assertThat(objects)
        .noneMatch(o -> o.getMetadata().getName().equals("lastmile-api-tokens"))
        .noneMatch(
            o ->
                o instanceof io.fabric8.kubernetes.api.model.ConfigMap m
                    && m.getData().values().stream().anyMatch(v -> v.contains("lastmile.auth.")));
  }

  /**
   * One leader serves, yet a rollout and a drain of the leader's node complete: followers are Ready
   * (the leader's pod label, on by default, routes traffic), so the PDB allows a disruption with
   * all replicas up and a surge pod can become Ready; the Services select the label, which no pod
   * template carries.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void highAvailabilityRollsOutAndDrainsWhileTheLeaderAloneServes(String overlay) throws Exception {
    highAvailability(render(overlay));
  }

  static void highAvailability(List<HasMetadata> objects) throws Exception {
    Deployment deployment = one(objects, Deployment.class, "lastmile-control-plane");
    int replicas = deployment.getSpec().getReplicas();
    var rolling = deployment.getSpec().getStrategy().getRollingUpdate();
    int maxUnavailable = rolling.getMaxUnavailable().getIntVal();
    int maxSurge = rolling.getMaxSurge().getIntVal();
    int minAvailable =
        one(objects, PodDisruptionBudget.class, "lastmile-control-plane")
            .getSpec()
            .getMinAvailable()
            .getIntVal();
    Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c))
        .as("followers are Ready only while the leader labels its pod")
        .doesNotContainEntry("LASTMILE_LEADER_ELECTION_LABEL_POD", "false")
        .containsEntry("LASTMILE_LEADER_ELECTION_ENABLED", "true");
    int readyWithAllUp = replicas; // leader and followers alike
    assertThat(readyWithAllUp - minAvailable).as("disruptions a drain may make").isPositive();
    assertThat(replicas + maxSurge - maxUnavailable)
        .as("pods a rollout may run at once")
        .isGreaterThan(replicas - 1);
    assertThat(maxSurge + maxUnavailable).as("a rollout can make progress").isPositive();
    assertThat(minAvailable).as("a drain keeps a replica to take over").isPositive();

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey(LeaderPodLabel.KEY);
    for (String name : List.of("lastmile-grpc", "lastmile-http")) {
      assertThat(one(objects, Service.class, name).getSpec().getSelector())
          .as("%s sends traffic to the leader only", name)
          .containsEntry(LeaderPodLabel.KEY, "true")
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void agentRunsOnGpuNodesOnlyWithoutPrivilege(String overlay) throws Exception {
    agent(render(overlay), overlay);
  }

  static void agent(List<HasMetadata> objects, String overlay) throws Exception {
    DaemonSet agent = one(objects, DaemonSet.class, "lastmile-agent");
    PodSpec pod = agent.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(pod.getRuntimeClassName()).isEqualTo("nvidia");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/lastmile/node-agent:" + tag(overlay));
    assertThat(pod.getInitContainers()).isNullOrEmpty();
    assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    // Root with only what it takes to run workloads as another user (the image's
    // lastmile-workload), so that they cannot read its credential or journal.
    assertThat(c.getSecurityContext().getRunAsUser()).as("the agent's uid").isZero();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd())
        .containsExactlyInAnyOrder("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID");
    assertThat(env(c))
        .doesNotContainKey("LASTMILE_AGENT_WORKLOAD_USER")
        .doesNotContainKey("LASTMILE_AGENT_WORKLOAD_ALLOW_ROOT");
    assertThat(pod.getSecurityContext().getFsGroup())
        .as("fsGroup, which would let the workloads' group read the enrolment token")
        .isNull();
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(pod.getVolumes().stream().filter(v -> v.getHostPath() != null))
        .extracting(v -> v.getHostPath().getPath())
        .containsExactly("/var/lib/lastmile-agent");
    // The agent enrols with its pod's projected token, for the audience the control plane checks.
    assertThat(pod.getServiceAccountName()).isEqualTo("lastmile-agent");
    one(objects, ServiceAccount.class, AGENTS, pod.getServiceAccountName());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    var projected =
        pod.getVolumes().stream().filter(v -> v.getProjected() != null).findFirst().orElseThrow();
    var token = projected.getProjected().getSources().get(0).getServiceAccountToken();
    assertThat(token.getAudience()).isEqualTo("lastmile");
    String tokenMount =
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals(projected.getName()))
            .findFirst()
            .orElseThrow()
            .getMountPath();
    assertThat(env(c))
        .containsEntry(
            "LASTMILE_AGENT_ENROLMENT_SERVICE_ACCOUNT_TOKEN_FILE",
            tokenMount + "/" + token.getPath())
        .doesNotContainKey("LASTMILE_AGENT_ENROLMENT_TOKEN");
    var review =
        one(
            objects,
            io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class,
            "lastmile-control-plane-token-review");
    assertThat(review.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("lastmile-control-plane");
              assertThat(s.getNamespace()).isEqualTo(CONTROL_PLANE);
            });
    assertThat(projected.getProjected().getDefaultMode())
        .as("the enrolment token's mode, %s", "0400: the agent's alone")
        .isEqualTo(0400);
    // Probes reach the agent's health endpoint, listening where the kubelet can reach it.
    assertThat(env(c))
        .containsEntry("LASTMILE_AGENT_HEALTH_ADDRESS", "0.0.0.0")
        .containsEntry(
            "LASTMILE_AGENT_HEALTH_PORT", String.valueOf(c.getPorts().get(0).getContainerPort()));
    assertThat(c.getPorts().get(0).getName()).isEqualTo("health");
    assertThat(c.getLivenessProbe()).as("the agent's liveness probe").isNotNull();
    assertThat(c.getReadinessProbe()).as("the agent's readiness probe").isNotNull();
    assertThat(Stream.of(c.getLivenessProbe(), c.getReadinessProbe()))
        .extracting(p -> p.getHttpGet().getPath() + " " + p.getHttpGet().getPort().getStrVal())
        .containsExactly("/live health", "/ready health");
    // The agent dials the control plane's gRPC Service, in the control plane's namespace.
    Map<String, String> config =
        one(objects, io.fabric8.kubernetes.api.model.ConfigMap.class, "lastmile-agent").getData();
    String[] target = config.get("LASTMILE_AGENT_CONTROL_PLANE").split(":");
    String[] host = target[0].split("\\.");
    Service grpc = one(objects, Service.class, host[0]);
    assertThat(host).containsExactly(grpc.getMetadata().getName(), CONTROL_PLANE, "svc");
    assertThat(grpc.getMetadata().getNamespace()).isEqualTo(CONTROL_PLANE);
    assertThat(grpc.getSpec().getPorts())
        .extracting(p -> p.getPort())
        .contains(Integer.parseInt(target[1]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void databaseIsInTheClusterForDevAndExternalForProd(String overlay) throws Exception {
    database(render(overlay), overlay);
  }

  static void database(List<HasMetadata> objects, String overlay) throws Exception {
    String url = one(objects, Secret.class, "lastmile-db").getStringData().get("jdbc-url");
    List<StatefulSet> postgres =
        objects.stream()
            .filter(StatefulSet.class::isInstance)
            .map(StatefulSet.class::cast)
            .toList();
    if (overlay.equals("dev")) {
      assertThat(postgres).hasSize(1);
      Service service = one(objects, Service.class, "lastmile-postgres");
      assertThat(url)
          .isEqualTo(
              "jdbc:postgresql://%s:%d/lastmile"
                  .formatted(
                      service.getMetadata().getName(),
                      service.getSpec().getPorts().get(0).getPort()));
    } else {
      assertThat(postgres).isEmpty();
      assertThat(url).startsWith("jdbc:postgresql://").contains("REPLACE-WITH-DATABASE-HOST");
    }
  }

  static List<HasMetadata> render(String overlay) throws Exception {
    return Kustomize.render(OVERLAYS.resolve(overlay));
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of {@code type} named {@code name}, in whichever namespace. */
  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
    List<T> named =
        all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    assertThat(named).as("%s named %s", type.getSimpleName(), name).hasSize(1);
    return named.get(0);
  }

  static <T extends HasMetadata> T one(
      List<HasMetadata> objects, Class<T> type, String namespace, String name) {
    return all(objects, type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("no %s %s/%s".formatted(type.getSimpleName(), namespace, name)));
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> out = new java.util.HashMap<>();
    c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> out.put(e.getName(), e.getValue()));
    return out;
  }

  private static Properties applicationProperties() throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
      p.load(in);
    }
    return p;
  }
}
