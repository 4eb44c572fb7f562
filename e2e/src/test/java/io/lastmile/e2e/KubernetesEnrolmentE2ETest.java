package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev overlay as k8s/README.md applies it, with a Kubernetes API server stand-in (Fabric8's, in
 * CRUD mode, answering TokenReview as an API server does): the rendered Deployment's and
 * DaemonSet's environment, ConfigMaps and mounts are given to the packaged control plane and agent
 * (each mount path a folder of the test), with only cluster addresses replaced. The agent enrols
 * with its pod's ServiceAccount token for a node with a dotted name, is Ready on its health port,
 * and runs a job; the leader labels its pod. With the tls component, the same over TLS.
 */
class KubernetesEnrolmentE2ETest {
  private static final Path ROOT = Path.of(System.getProperty("lastmile.root", ".."));
  private static final String NODE = "ip-10-0-1-23.eu-central-1.compute.internal";
  private static final String AGENT_POD = "lastmile-agent-x7k2p";
  private static final String CONTROL_PLANE_POD = "lastmile-control-plane-6f9c-0";
  private static final String SA_TOKEN = "eyJhbGciOiJSUzI1NiJ9.e2e-projected-token";

  @TempDir Path work;

  @Test
  void daemonSetAgentEnrolsWithItsServiceAccountTokenAndRunsAJob() throws Exception {
    enrolAndRunAJob(render(ROOT.resolve("k8s/overlays/dev")), null);
  }

  /**
   * The dev overlay with the tls component (docs/kubernetes.md "TLS"): the Secrets lastmile-tls and
   * lastmile-ca hold a certificate made here; gRPC and HTTPS are the only listeners, and the agent
   * enrols and runs a job over TLS with nothing set but what the component sets.
   */
  @Test
  void withTheTlsComponentEveryListenerSpeaksTlsAndTheAgentVerifiesIt() throws Exception {
    Path kustomization = Files.createDirectories(ROOT.resolve("e2e/target/k8s-with-tls"));
    Path root = kustomization.toAbsolutePath().relativize(ROOT.toAbsolutePath().normalize());
    Files.writeString(
        kustomization.resolve("kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - %s
        components:
          - %s
        """
            .formatted(root.resolve("k8s/overlays/dev"), root.resolve("k8s/components/tls")));
    Path pki = Files.createDirectories(work.resolve("pki"));
    SecureClusterE2ETest.makePki(pki);
    enrolAndRunAJob(render(kustomization), pki);
  }

  /**
   * Runs the rendered control plane and agent as their pods would; {@code pki} (ca.crt, server.crt,
   * server.key) fills the TLS Secrets when the objects mount them, null without TLS.
   */
  private void enrolAndRunAJob(List<HasMetadata> objects, Path pki) throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    api.init();
    try (KubernetesClient client = api.createClient()) {
      objects.stream()
          .filter(CustomResourceDefinition.class::isInstance)
          .forEach(crd -> client.resource(crd).create());
      String agentUid = pod(client, "lastmile-agents", AGENT_POD, NODE);
      pod(client, "lastmile", CONTROL_PLANE_POD, "cp-node-1");
      answerTokenReviews(api, agentUid);

      // The operator's API token Secret (docs/kubernetes.md), as its mounted file.
      CliProcess.OperatorToken operator = CliProcess.createOperatorToken(work, "admin");

      Deployment deployment = one(objects, Deployment.class, "lastmile-control-plane");
      PodSpec cpPod = deployment.getSpec().getTemplate().getSpec();
      Map<String, Path> cpMounts = mount(objects, cpPod, "control-plane");
      Files.writeString(cpMounts.get("api-tokens").resolve("tokens"), operator.line() + "\n");
      if (pki != null) {
        // kubectl create secret tls lastmile-tls --cert --key, plus the CA (cert-manager's ca.crt).
        Path tls = secretVolume(cpPod, "lastmile-tls", cpMounts);
        Files.copy(pki.resolve("server.crt"), tls.resolve("tls.crt"));
        Files.copy(pki.resolve("server.key"), tls.resolve("tls.key"));
        Files.copy(pki.resolve("ca.crt"), tls.resolve("ca.crt"));
      }
      Map<String, String> cpEnv =
          env(
              cpPod.getContainers().get(0),
              cpMounts,
              Map.of("metadata.name", CONTROL_PLANE_POD, "metadata.namespace", "lastmile"));
      cpEnv.remove("JAVA_OPTS_APPEND");
      // The Secret lastmile-db points at the dev PostgreSQL Service: the embedded store here.
      cpEnv.keySet().removeIf(k -> k.startsWith("LASTMILE_STORE_"));

      DaemonSet daemonSet = one(objects, DaemonSet.class, "lastmile-agent");
      PodSpec agentPod = daemonSet.getSpec().getTemplate().getSpec();
      Map<String, Path> agentMounts = mount(objects, agentPod, "agent");
      Files.writeString(agentMounts.get("enrolment").resolve("token"), SA_TOKEN);
      if (pki != null) {
        Files.copy(
            pki.resolve("ca.crt"),
            secretVolume(agentPod, "lastmile-ca", agentMounts).resolve("ca.crt"));
      }
      Container agent = agentPod.getContainers().get(0);
      Map<String, String> agentEnv = env(agent, agentMounts, Map.of("spec.nodeName", NODE));
      ConfigMap agentConfig = one(objects, ConfigMap.class, "lastmile-agent");
      agentConfig.getData().forEach(agentEnv::putIfAbsent);
      assertThat(agentEnv)
          .containsEntry("LASTMILE_AGENT_NODE_ID", NODE)
          .containsKey("LASTMILE_AGENT_ENROLMENT_SERVICE_ACCOUNT_TOKEN_FILE")
          .doesNotContainKey("LASTMILE_AGENT_ENROLMENT_TOKEN");
      int health = freePort();
      int plainHttp = freePort();

      try (LocalCluster cluster =
          pki == null
              ? new LocalCluster(work)
              : new LocalCluster(work).overHttps(SecureClusterE2ETest.trusting(pki))) {
        List<String> cpProperties =
            new ArrayList<>(
                List.of(
                    "-Dlastmile.auth.enabled=true",
                    "-Dquarkus.kubernetes-client.api-server-url=" + api.url("/"),
                    "-Dquarkus.kubernetes-client.namespace=lastmile",
                    "-Dquarkus.kubernetes-client.trust-certs=true"));
        if (pki != null) {
          // Ports only: the test's free ports for the component's 8443 and the closed 8080.
          cpProperties.add("-Dquarkus.http.ssl-port=" + cluster.httpPort());
          cpProperties.add("-Dquarkus.http.port=" + plainHttp);
          assertThat(agentEnv).containsEntry("LASTMILE_AGENT_TLS_ENABLED", "true");
        }
        cluster.withControlPlaneEnv(cpEnv).startControlPlane(cpProperties.toArray(String[]::new));
        if (pki != null) {
          assertThat(cpEnv.get("QUARKUS_CONFIG_LOCATIONS")).contains("tls.properties");
          try (java.net.Socket plain = new java.net.Socket()) {
            plain.connect(new java.net.InetSocketAddress("127.0.0.1", plainHttp), 2000);
            fail("the plain HTTP port " + plainHttp + " is open");
          } catch (java.net.ConnectException expected) {
            // insecure-requests=disabled: no plaintext listener at all
          }
        }
        cluster.startAgent(
            NODE,
            agentEnv.get("LASTMILE_AGENT_REGION"),
            "1xL4:23034:72",
            agentEnv,
            // Cluster addresses and hardware replaced: the Service's DNS name, the GPUs (declared
            // simulated inventory), the fixed health port.
            "-Dlastmile.agent.health.port=" + health,
            "-Dlastmile.agent.work-dir=" + agentEnv.get("LASTMILE_AGENT_WORK_DIR"));
        assertThat(Files.readString(LocalCluster.log(NODE)))
            .contains("enrolling node " + NODE + " with the pod's ServiceAccount token");
        Path credential = Path.of(agentEnv.get("LASTMILE_AGENT_WORK_DIR"), "node-credential");
        assertThat(Files.getPosixFilePermissions(credential))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(credential)).doesNotContain(SA_TOKEN);
        HttpClient http = HttpClient.newHttpClient();
        for (String probe : List.of("/live", "/ready")) {
          HttpResponse<String> answer =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health + probe)).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(answer.statusCode()).as(probe + ": " + answer.body()).isEqualTo(200);
        }

        Map<String, String> cli = new HashMap<>();
        cli.put("LASTMILE_SERVER", cluster.grpcAddress());
        cli.put("LASTMILE_TOKEN", operator.token());
        cli.put("HOME", work.toString());
        if (pki != null) {
          cli.put("LASTMILE_CA_FILE", pki.resolve("ca.crt").toString());
        }
        String job =
            CliProcess.submitAndWatchSucceeded(
                work,
                cli,
                pki == null ? "in-cluster" : "in-cluster-tls",
                "echo from the daemonset");
        assertThat(CliProcess.run(work, cli, "get", job).out).contains(NODE);

        // The leader labelled its pod, so the Services route to it; the node has its EdgeNode.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(
                            client
                                .pods()
                                .inNamespace("lastmile")
                                .withName(CONTROL_PLANE_POD)
                                .get()
                                .getMetadata()
                                .getLabels())
                        .containsEntry("lastmile.io/leader", "true"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    client
                            .genericKubernetesResources("lastmile.io/v1", "EdgeNode")
                            .inNamespace("lastmile")
                            .withName(NODE)
                            .get()
                        != null);
      }
    } finally {
      api.destroy();
    }
  }

  /**
   * TokenReview as the API server answers it: only the agent pod's token, for audience lastmile.
   */
  private static void answerTokenReviews(KubernetesMockServer api, String agentUid) {
    api.expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(
            201,
            request -> {
              TokenReview review =
                  Serialization.unmarshal(request.getBody().readUtf8(), TokenReview.class);
              boolean ours =
                  review.getSpec().getToken().equals(SA_TOKEN)
                      && review.getSpec().getAudiences().equals(List.of("lastmile"));
              review.setStatus(
                  ours
                      ? new TokenReviewStatusBuilder()
                          .withAuthenticated(true)
                          .withAudiences("lastmile")
                          .withNewUser()
                          .withUsername("system:serviceaccount:lastmile-agents:lastmile-agent")
                          .addToExtra("authentication.kubernetes.io/pod-name", List.of(AGENT_POD))
                          .addToExtra("authentication.kubernetes.io/pod-uid", List.of(agentUid))
                          .endUser()
                          .build()
                      : new TokenReviewStatusBuilder()
                          .withAuthenticated(false)
                          .withError("invalid bearer token")
                          .build());
              return review;
            })
        .always();
  }

  private static String pod(KubernetesClient client, String namespace, String name, String node) {
    return client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .build())
        .create()
        .getMetadata()
        .getUid();
  }

  /**
   * A folder of the test for each volume of {@code pod}, filled as the kubelet fills ConfigMap
   * volumes, with the paths of the main container's mounts in those files replaced by their
   * folders; by volume name.
   */
  private Map<String, Path> mount(List<HasMetadata> objects, PodSpec pod, String owner)
      throws Exception {
    Map<String, Path> out = new HashMap<>();
    for (Volume v : pod.getVolumes()) {
      out.put(
          v.getName(),
          Files.createDirectories(work.resolve(owner + "-volumes").resolve(v.getName())));
    }
    List<VolumeMount> mounts = new ArrayList<>(pod.getContainers().get(0).getVolumeMounts());
    mounts.sort(java.util.Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()));
    java.util.Collections.reverse(mounts);
    // One pass, longest mount path first: a replaced path is never replaced again.
    Map<String, String> byPath = new HashMap<>();
    mounts.forEach(m -> byPath.put(m.getMountPath(), m.getName()));
    java.util.regex.Pattern paths =
        java.util.regex.Pattern.compile(
            "("
                + String.join(
                    "|",
                    mounts.stream()
                        .map(m -> java.util.regex.Pattern.quote(m.getMountPath()))
                        .toList())
                + ")/");
    for (Volume v : pod.getVolumes()) {
      if (v.getConfigMap() != null) {
        one(objects, ConfigMap.class, v.getConfigMap().getName())
            .getData()
            .forEach(
                (file, text) ->
                    write(
                        out.get(v.getName()).resolve(file),
                        paths
                            .matcher(text)
                            .replaceAll(
                                m ->
                                    java.util.regex.Matcher.quoteReplacement(
                                        out.get(byPath.get(m.group(1))) + "/"))));
      }
    }
    return out;
  }

  /**
   * The container's environment: plain values with each mount path replaced by its folder, and
   * field references from {@code fields}; Secret references are left out.
   */
  private static Map<String, String> env(
      Container c, Map<String, Path> volumes, Map<String, String> fields) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : c.getEnv()) {
      if (e.getValue() != null) {
        List<String> values = new ArrayList<>();
        for (String value : e.getValue().split(",", -1)) {
          VolumeMount mount =
              c.getVolumeMounts().stream()
                  .filter(m -> value.startsWith(m.getMountPath()))
                  .max(java.util.Comparator.comparingInt(m -> m.getMountPath().length()))
                  .orElse(null);
          values.add(
              mount == null
                  ? value
                  : volumes.get(mount.getName()) + value.substring(mount.getMountPath().length()));
        }
        env.put(e.getName(), String.join(",", values));
      } else if (e.getValueFrom().getFieldRef() != null) {
        env.put(e.getName(), fields.get(e.getValueFrom().getFieldRef().getFieldPath()));
      }
    }
    return env;
  }

  /** The folder standing for the volume of {@code pod} that mounts Secret {@code name}. */
  private static Path secretVolume(PodSpec pod, String name, Map<String, Path> mounts) {
    return pod.getVolumes().stream()
        .filter(v -> v.getSecret() != null && v.getSecret().getSecretName().equals(name))
        .map(v -> mounts.get(v.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume mounts the Secret " + name));
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Renders a kustomization with {@code $KUSTOMIZE build}, else {@code kubectl kustomize}. */
  private static List<HasMetadata> render(Path kustomization) throws Exception {
    String kustomize = System.getenv("KUSTOMIZE");
    List<String> command =
        kustomize != null && !kustomize.isBlank()
            ? List.of(kustomize, "build", kustomization.toString())
            : List.of(
                System.getenv().getOrDefault("KUBECTL", "kubectl"),
                "kustomize",
                kustomization.toString());
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (java.io.IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail(command.get(0) + " not found; set KUSTOMIZE (.ci/kustomize prints one)");
      }
      assumeTrue(false, command.get(0) + " not found; skipping");
      throw e;
    }
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as(String.join(" ", command))
        .isTrue();
    List<HasMetadata> out = new ArrayList<>();
    for (Object o : (List<?>) Serialization.unmarshal(yaml)) {
      out.add((HasMetadata) o);
    }
    return out;
  }

  private static <T extends HasMetadata> T one(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
