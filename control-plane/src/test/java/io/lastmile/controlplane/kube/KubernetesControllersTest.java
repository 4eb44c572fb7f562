package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lastmile.controlplane.api.RecordingLink;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.jobs.JobControl;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The controllers against Fabric8's Kubernetes test server in CRUD mode: InferenceJobs applied as
 * YAML are submitted and their status follows the job; EdgeNodes follow the nodes. The last test
 * checks every request the controllers made against the Role in {@code k8s/base}.
 */
@QuarkusTest
@TestProfile(KubernetesControllersTest.Enabled.class)
@WithKubernetesTestServer(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesControllersTest {
  static final String NAMESPACE = "lastmile-test";

  /** Marks the test's own requests, so the RBAC check sees only the control plane's. */
  static final String TEST_HEADER = "X-Lastmile-Test";

  /** Controllers on, a fast resync, and a database of this class's own. */
  public static class Enabled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "lastmile.kubernetes.enabled", "true",
          "lastmile.kubernetes.namespace", NAMESPACE,
          "lastmile.kubernetes.resync-interval", "200ms",
          "lastmile.store.jdbc-url", "jdbc:h2:mem:lastmile-kube-test;DB_CLOSE_DELAY=-1");
    }
  }

  @KubernetesTestServer KubernetesServer server;
  @Inject JobControl control;
  @Inject ClusterState cluster;

  private KubernetesClient kube;

  @BeforeEach
  void testClient() throws IOException {
    Config config = new ConfigBuilder(server.getClient().getConfiguration()).build();
    config.setCustomHeaders(Map.of(TEST_HEADER, "true"));
    kube = new KubernetesClientBuilder().withConfig(config).build();
    for (String crd : CrdFilesTest.FILES.keySet()) {
      try (InputStream in = Files.newInputStream(CrdFilesTest.CRDS.resolve(crd))) {
        kube.apiextensions().v1().customResourceDefinitions().load(in).createOr(c -> c.update());
      }
    }
  }

  @Test
  @Order(1)
  void appliedInferenceJobIsScheduledAndItsStatusFollowsTheJob() throws IOException {
    RecordingLink link = register("kube-fra-1", "de-fra", "DE");
    InferenceJob applied;
    try (InputStream yaml =
        Files.newInputStream(Path.of("..", "k8s", "examples", "inference-job.yaml"))) {
      applied = jobs().load(yaml).create();
    }

    InferenceJobStatus scheduled = awaitStatus(applied.getMetadata().getName(), "SCHEDULED");
    assertThat(scheduled.node).isEqualTo("kube-fra-1");
    assertThat(scheduled.region).isEqualTo("de-fra");
    assertThat(scheduled.attempts).isEqualTo(1);
    assertThat(scheduled.explanation).contains("kube-fra-1");
    assertThat(scheduled.pendingReason).isNull();
    assertThat(conditions(scheduled.conditions))
        .containsExactly(
            "Accepted=True/Submitted",
            "Scheduled=True/Placed",
            "Running=False/Scheduled",
            "Succeeded=Unknown/Scheduled",
            "Failed=Unknown/Scheduled");
    Assignment assignment = link.assigned.get(0);
    assertThat(assignment.jobId()).isEqualTo(scheduled.jobId);
    assertThat(control.get(scheduled.jobId).requestId()).isEqualTo(applied.getMetadata().getUid());

    report(link, assignment, AttemptPhase.RUNNING, null);
    awaitStatus(applied.getMetadata().getName(), "RUNNING");
    report(link, assignment, AttemptPhase.SUCCEEDED, 0);
    InferenceJobStatus done = awaitStatus(applied.getMetadata().getName(), "SUCCEEDED");
    assertThat(done.exitCode).isZero();
    assertThat(done.energyWh).isEqualTo(1.5);
    assertThat(conditions(done.conditions))
        .containsExactly(
            "Accepted=True/Submitted",
            "Scheduled=True/Placed",
            "Running=False/Succeeded",
            "Succeeded=True/Succeeded",
            "Failed=False/Succeeded");
    // Accepted never changed, so it still carries the time it was first written with.
    assertThat(done.conditions.get(0).lastTransitionTime)
        .isEqualTo(scheduled.conditions.get(0).lastTransitionTime);
    assertThat(done.conditions).extracting(c -> c.observedGeneration).doesNotContainNull();
    // The job was submitted once, however many times the object was reconciled.
    assertThat(control.list(java.util.Set.of(), 100, "").jobs())
        .filteredOn(j -> j.requestId().equals(applied.getMetadata().getUid()))
        .hasSize(1);
  }

  @Test
  @Order(2)
  void invalidSpecIsReportedInStatusWithTheFieldAndValue() {
    InferenceJob bad = inferenceJob("too-many-gpus", "de-fra", 65);
    jobs().resource(bad).create();

    InferenceJobStatus status = awaitStatus("too-many-gpus", InferenceJobController.INVALID);
    assertThat(status.invalidField).isEqualTo("spec.resources.gpuCount");
    assertThat(status.message).startsWith("spec.resources.gpuCount: ").contains("65");
    assertThat(status.jobId).isNull();
    assertThat(conditions(status.conditions)).containsExactly("Accepted=False/Invalid");
    assertThat(status.conditions.get(0).message).isEqualTo(status.message);

    InferenceJob badDuration = inferenceJob("bad-rtt", "de-fra", 1);
    badDuration.getSpec().placement.maxRtt = "thirty";
    jobs().resource(badDuration).create();
    assertThat(awaitStatus("bad-rtt", InferenceJobController.INVALID).message)
        .isEqualTo(
            "spec.placement.maxRtt: must be a whole number with a unit: ms, s, m, h or d (for"
                + " example 30ms) (got \"thirty\"); fix the spec and apply it again");
  }

  @Test
  @Order(3)
  void deletingAnInferenceJobCancelsItsJob() {
    jobs().resource(inferenceJob("waits-in-nbo", "ke-nbo", 1)).create();
    InferenceJobStatus pending =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> awaitStatus("waits-in-nbo", "PENDING"), s -> s.explanation != null);
    String jobId = pending.jobId;
    assertThat(pending.pendingReason).isEqualTo("ROUND_TRIP_OVER_BOUND");
    assertThat(conditions(pending.conditions)).contains("Scheduled=False/RoundTripOverBound");
    assertThat(pending.conditions.get(1).message).isEqualTo(pending.explanation);

    jobs().withName("waits-in-nbo").delete();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> control.get(jobId).state() == JobState.CANCELLED);
    assertThat(control.get(jobId).message())
        .contains("InferenceJob " + NAMESPACE + "/waits-in-nbo was deleted");
  }

  @Test
  @Order(4)
  void edgeNodesFollowAgentsJoiningGoingNotReadyAndUnknownOnesAreRemoved() {
    RecordingLink link = register("kube-sin-1", "sg-sin", "SG");
    EdgeNode joined = awaitEdgeNode("kube-sin-1", "READY");
    assertThat(joined.getSpec().region).isEqualTo("sg-sin");
    assertThat(joined.getStatus().gpuModels).containsExactly("L4", "L4");
    assertThat(joined.getStatus().cpuMillis).isEqualTo(8000);
    assertThat(conditions(joined.getStatus().conditions)).containsExactly("Ready=True/Ready");
    assertThat(joined.getStatus().gpusTotal).isEqualTo(2);
    assertThat(joined.getStatus().gpusFree).isEqualTo(2);
    assertThat(joined.getStatus().priceNowPerMwh).isNotNull();
    assertThat(joined.getMetadata().getLabels())
        .containsEntry(EdgeNode.MANAGED_BY_LABEL, EdgeNode.MANAGED_BY);

    cluster.disconnected("kube-sin-1", link, Instant.now());
    EdgeNodeStatus silent = awaitEdgeNode("kube-sin-1", "NOT_READY").getStatus();
    assertThat(silent.connected).isFalse();
    assertThat(conditions(silent.conditions)).containsExactly("Ready=False/NotReady");
    assertThat(silent.conditions.get(0).message).isEqualTo("agent not connected");

    // The agent comes back from a site whose PUE was re-measured: spec and state follow.
    register("kube-sin-1", "sg-sin", "SG", 1.4);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> awaitEdgeNode("kube-sin-1", "READY").getSpec().pue == 1.4);

    EdgeNode stray = new EdgeNode();
    stray.setMetadata(
        new ObjectMetaBuilder()
            .withName("forgotten-node")
            .addToLabels(EdgeNode.MANAGED_BY_LABEL, EdgeNode.MANAGED_BY)
            .build());
    stray.setSpec(new EdgeNodeSpec());
    edgeNodes().resource(stray).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> edgeNodes().withName("forgotten-node").get() == null);
  }

  @Test
  @Order(5)
  void everyRequestOfTheControllersIsAllowedByTheRoleAndEveryRuleIsUsed() throws Exception {
    RbacCheck.assertRoleCovers(server.getKubernetesMockServer(), TEST_HEADER);
  }

  private RecordingLink register(String nodeId, String region, String jurisdiction) {
    return register(nodeId, region, jurisdiction, 1.1);
  }

  private RecordingLink register(String nodeId, String region, String jurisdiction, double pue) {
    RecordingLink link = new RecordingLink();
    NodeInfo info =
        new NodeInfo(
            nodeId,
            region,
            jurisdiction,
            region.equals("de-fra") ? "DE-LU" : jurisdiction,
            pue,
            Map.of(),
            List.of(
                new GpuDevice(0, "gpu-0", "L4", 23034, 0, 72),
                new GpuDevice(1, "gpu-1", "L4", 23034, 0, 72)),
            8000,
            32768,
            true,
            0);
    control.registered(info, link, List.of());
    return link;
  }

  private void report(RecordingLink link, Assignment a, AttemptPhase phase, Integer exit) {
    double wh = phase == AttemptPhase.SUCCEEDED ? 1.5 : 0;
    control.attemptStatus(
        "kube-fra-1",
        new AttemptReport(a.attemptId(), a.jobId(), a.epoch(), phase, exit, "", wh, ""));
  }

  private InferenceJob inferenceJob(String name, String origin, int gpus) {
    InferenceJob job = new InferenceJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).build());
    InferenceJobSpec spec = new InferenceJobSpec();
    spec.workload = new InferenceJobSpec.Workload();
    spec.workload.command = "true";
    spec.resources = new InferenceJobSpec.Resources();
    spec.resources.gpuCount = gpus;
    spec.placement = new InferenceJobSpec.Placement();
    spec.placement.originRegion = origin;
    spec.placement.maxRtt = "5ms";
    job.setSpec(spec);
    return job;
  }

  private static List<String> conditions(List<KubeCondition> conditions) {
    return conditions.stream().map(c -> c.type + "=" + c.status + "/" + c.reason).toList();
  }

  private InferenceJobStatus awaitStatus(String name, String state) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              InferenceJob job = jobs().withName(name).get();
              return job == null ? null : job.getStatus();
            },
            s -> s != null && Objects.equals(s.state, state));
  }

  private EdgeNode awaitEdgeNode(String name, String state) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> edgeNodes().withName(name).get(),
            e -> e != null && e.getStatus() != null && state.equals(e.getStatus().state));
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          InferenceJob,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<InferenceJob>,
          io.fabric8.kubernetes.client.dsl.Resource<InferenceJob>>
      jobs() {
    return kube.resources(InferenceJob.class).inNamespace(NAMESPACE);
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          EdgeNode,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<EdgeNode>,
          io.fabric8.kubernetes.client.dsl.Resource<EdgeNode>>
      edgeNodes() {
    return kube.resources(EdgeNode.class).inNamespace(NAMESPACE);
  }
}
