package io.lastmile.controlplane.kube;

import static io.lastmile.controlplane.kube.ManifestsTest.CONTROL_PLANE;
import static io.lastmile.controlplane.kube.ManifestsTest.all;
import static io.lastmile.controlplane.kube.ManifestsTest.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.lastmile.controlplane.ha.LeaderPodLabel;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The optional kustomize components (k8s/components), rendered on an overlay as docs/kubernetes.md
 * includes them: every object typed with no unknown field (cert-manager's, which have no model
 * here, by the fields the components rely on), pods still admitted by Pod Security, every named
 * port and file the objects refer to present, and each component doing what it says: TLS on every
 * listener, a scrape of every replica with Lastmile's alerts, Kafka reachable and configured.
 */
class ManifestComponentsTest {
  private static final Path WORK = Path.of("target", "manifest-components");

  static final List<String> ALERTS =
      List.of(
          "LastmileNoLeader",
          "LastmileAgentsLost",
          "LastmilePendingJobsTooOld",
          "LastmilePricesStale");

  /**
   * {@code overlay} with {@code components}, in that order, through a kustomization such as an
   * operator writes beside the shipped overlays.
   */
  static List<HasMetadata> render(String name, String overlay, String... components)
      throws Exception {
    return Kustomize.render(kustomization(name, overlay, components));
  }

  /** The folder of that kustomization. */
  static Path kustomization(String name, String overlay, String... components) throws IOException {
    Path dir = Files.createDirectories(WORK.resolve(name));
    Path root = dir.toAbsolutePath().relativize(Path.of("..").toAbsolutePath().normalize());
    StringBuilder k = new StringBuilder();
    k.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
    k.append("  - ").append(root.resolve("k8s/overlays").resolve(overlay)).append('\n');
    k.append("components:\n");
    for (String c : components) {
      k.append("  - ").append(root.resolve("k8s/components").resolve(c)).append('\n');
    }
    Files.writeString(dir.resolve("kustomization.yaml"), k);
    return dir;
  }

  @Test
  void everyComponentOnProductionRendersStrictlyAndHangsTogether() throws Exception {
    List<HasMetadata> objects = render("all", "prod", "kafka", "monitoring", "tls", "cert-manager");
    typedAndKnown(objects);
    ManifestPoliciesTest.podSecurity(objects);
    portsAndFilesResolve(objects);
    tls(objects);
    certManager(objects);
    monitoring(objects, true);
    kafka(objects);
  }

  @Test
  void monitoringAloneScrapesPlainHttp() throws Exception {
    List<HasMetadata> objects = render("monitoring", "dev", "monitoring");
    typedAndKnown(objects);
    portsAndFilesResolve(objects);
    monitoring(objects, false);
    ManifestsTest.controlPlane(objects, "dev");
  }

  @Test
  void tlsWithoutCertManagerMountsTheOperatorsSecret() throws Exception {
    List<HasMetadata> objects = render("tls", "dev", "tls");
    typedAndKnown(objects);
    portsAndFilesResolve(objects);
    tls(objects);
    assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
  }

  /** Listed after tls, monitoring would scrape a port that tls closed: the checks say so. */
  @Test
  void monitoringAfterTlsIsCaught() throws Exception {
    List<HasMetadata> objects = render("tls-then-monitoring", "prod", "tls", "monitoring");
    assertThatThrownBy(() -> portsAndFilesResolve(objects))
        .hasMessageContaining("lastmile-metrics")
        .hasMessageContaining("http");
  }

  /** Every object typed and with known fields only, but cert-manager's. */
  private static void typedAndKnown(List<HasMetadata> objects) {
    for (HasMetadata o : objects) {
      assertThat(UnknownFields.in(o))
          .as("unknown fields in %s %s", o.getKind(), o.getMetadata().getName())
          .isEmpty();
      assertThat(o.getMetadata().getLabels())
          .as("labels of %s %s", o.getKind(), o.getMetadata().getName())
          .containsEntry("app.kubernetes.io/part-of", "lastmile");
      if (o instanceof GenericKubernetesResource) {
        assertThat(o.getApiVersion()).isEqualTo("cert-manager.io/v1");
        assertThat(o.getKind()).isIn("Certificate", "Issuer");
      }
    }
  }

  /**
   * Each Service's named target port, each probe's port and each mounted file a setting names
   * exists in the pods it belongs to.
   */
  static void portsAndFilesResolve(List<HasMetadata> objects) {
    Map<String, PodTemplateSpec> templates = templates(objects);
    for (Service s : all(objects, Service.class)) {
      Map<String, String> selector = new HashMap<>(s.getSpec().getSelector());
      selector.remove(LeaderPodLabel.KEY); // put on the leader's pod at run time
      List<PodTemplateSpec> selected =
          templates.values().stream()
              .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
              .toList();
      assertThat(selected).as("pods of Service %s", s.getMetadata().getName()).isNotEmpty();
      for (ServicePort p : s.getSpec().getPorts()) {
        String target = p.getTargetPort().getStrVal();
        for (PodTemplateSpec t : selected) {
          assertThat(portNames(t.getSpec()))
              .as("Service %s targets port %s", s.getMetadata().getName(), target)
              .contains(target);
        }
      }
    }
    templates.forEach(
        (name, t) -> {
          for (Container c : t.getSpec().getContainers()) {
            for (Probe probe :
                Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())
                    .filter(Objects::nonNull)
                    .toList()) {
              var port =
                  probe.getHttpGet() != null
                      ? probe.getHttpGet().getPort()
                      : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
              if (port != null && port.getStrVal() != null) {
                assertThat(portNames(t.getSpec()))
                    .as("a probe of %s uses its port", name)
                    .contains(port.getStrVal());
              }
            }
          }
        });
  }

  private static void tls(List<HasMetadata> objects) throws IOException {
    Deployment d = one(objects, Deployment.class, "lastmile-control-plane");
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    Properties config = new Properties();
    for (String location : env(c).get("QUARKUS_CONFIG_LOCATIONS").split(",")) {
      config.load(new StringReader(file(objects, pod, c, location)));
    }
    for (String key :
        List.of(
            "quarkus.grpc.server.ssl.certificate",
            "quarkus.grpc.server.ssl.key",
            "quarkus.tls.key-store.pem.0.cert",
            "quarkus.tls.key-store.pem.0.key")) {
      String path = config.getProperty(key);
      assertThat(path).as(key).isNotNull();
      Volume v = volume(pod, c, path);
      assertThat(v.getSecret()).as("%s is read from a Secret", key).isNotNull();
      assertThat(v.getSecret().getSecretName()).isEqualTo("lastmile-tls");
      assertThat(v.getSecret().getOptional()).isNotEqualTo(Boolean.TRUE);
      assertThat(Path.of(path).getFileName().toString()).isIn("tls.crt", "tls.key");
    }
    assertThat(config.getProperty("quarkus.http.insecure-requests")).isEqualTo("disabled");
    int https = Integer.parseInt(config.getProperty("quarkus.http.ssl-port"));
    assertThat(c.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("grpc", 9090),
            org.assertj.core.groups.Tuple.tuple("https", https));
    Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())
        .map(Probe::getHttpGet)
        .forEach(
            g -> {
              assertThat(g.getScheme()).isEqualTo("HTTPS");
              assertThat(g.getPort().getStrVal()).isEqualTo("https");
            });
    NetworkPolicy policy = one(objects, NetworkPolicy.class, "lastmile-control-plane");
    assertThat(policy.getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactlyInAnyOrder(9090, https);

    DaemonSet agent = one(objects, DaemonSet.class, "lastmile-agent");
    PodSpec agentPod = agent.getSpec().getTemplate().getSpec();
    Container a = agentPod.getContainers().get(0);
    assertThat(env(a)).containsEntry("LASTMILE_AGENT_TLS_ENABLED", "true");
    String ca = env(a).get("LASTMILE_AGENT_TLS_CA_FILE");
    Volume caVolume = volume(agentPod, a, ca);
    assertThat(caVolume.getSecret().getSecretName()).isEqualTo("lastmile-ca");
    assertThat(Path.of(ca).getFileName().toString()).isEqualTo("ca.crt");
  }

  /** The Certificate issues the Secret tls mounts, for the name agents dial, by a known Issuer. */
  @SuppressWarnings("unchecked")
  private static void certManager(List<HasMetadata> objects) {
    Map<String, GenericKubernetesResource> byName = new HashMap<>();
    all(objects, GenericKubernetesResource.class)
        .forEach(r -> byName.put(r.getKind() + "/" + r.getMetadata().getName(), r));
    GenericKubernetesResource cert = byName.get("Certificate/lastmile-control-plane");
    assertThat(cert).as("Certificate lastmile-control-plane").isNotNull();
    Map<String, Object> spec = (Map<String, Object>) cert.getAdditionalProperties().get("spec");
    assertThat(spec.get("secretName")).isEqualTo("lastmile-tls");
    String dialled =
        one(objects, ConfigMap.class, "lastmile-agent")
            .getData()
            .get("LASTMILE_AGENT_CONTROL_PLANE")
            .split(":")[0];
    assertThat((List<String>) spec.get("dnsNames")).contains(dialled, "lastmile-http.lastmile.svc");
    assertThat((Map<String, Object>) spec.get("privateKey")).containsEntry("encoding", "PKCS8");
    assertThat((List<String>) spec.get("usages")).contains("server auth");
    // Issuer chain: the server certificate's Issuer signs with a CA that another Certificate makes.
    String issuer = (String) ((Map<String, Object>) spec.get("issuerRef")).get("name");
    GenericKubernetesResource ca = byName.get("Issuer/" + issuer);
    assertThat(ca).as("Issuer %s", issuer).isNotNull();
    String caSecret =
        (String)
            ((Map<String, Object>)
                    ((Map<String, Object>) ca.getAdditionalProperties().get("spec")).get("ca"))
                .get("secretName");
    assertThat(
            byName.values().stream()
                .filter(r -> r.getKind().equals("Certificate"))
                .map(r -> (Map<String, Object>) r.getAdditionalProperties().get("spec"))
                .filter(s -> caSecret.equals(s.get("secretName"))))
        .singleElement()
        .satisfies(s -> assertThat(s).containsEntry("isCA", true));
    for (GenericKubernetesResource r : byName.values()) {
      assertThat(r.getMetadata().getNamespace()).isEqualTo(CONTROL_PLANE);
      Map<String, Object> s = (Map<String, Object>) r.getAdditionalProperties().get("spec");
      assertThat(s.keySet())
          .as("%s %s", r.getKind(), r.getMetadata().getName())
          .isSubsetOf(
              "secretName",
              "dnsNames",
              "usages",
              "privateKey",
              "issuerRef",
              "duration",
              "renewBefore",
              "isCA",
              "commonName",
              "selfSigned",
              "ca");
    }
    ServiceMonitor sm = one(objects, ServiceMonitor.class, "lastmile-control-plane");
    assertThat((List<String>) spec.get("dnsNames"))
        .contains(sm.getSpec().getEndpoints().get(0).getTlsConfig().getServerName());
  }

  /**
   * Every replica is scraped (the Service does not select the leader only), at the metrics path,
   * over HTTPS with the CA when TLS is on; the alerts carry the label the ServiceMonitor does.
   */
  private static void monitoring(List<HasMetadata> objects, boolean tls) {
    Deployment d = one(objects, Deployment.class, "lastmile-control-plane");
    Service metrics = one(objects, Service.class, "lastmile-metrics");
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getSpec().getClusterIP()).isEqualTo("None");
    ServiceMonitor sm = one(objects, ServiceMonitor.class, "lastmile-control-plane");
    assertThat(metrics.getMetadata().getLabels())
        .containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getMetadata().getNamespace()).isEqualTo(sm.getMetadata().getNamespace());
    Endpoint e = sm.getSpec().getEndpoints().get(0);
    assertThat(metrics.getSpec().getPorts()).extracting(ServicePort::getName).contains(e.getPort());
    assertThat(e.getPath()).isEqualTo("/q/metrics");
    if (tls) {
      assertThat(e.getScheme()).isEqualTo("https");
      assertThat(e.getTlsConfig().getCa().getSecret().getName()).isEqualTo("lastmile-tls");
      assertThat(e.getTlsConfig().getCa().getSecret().getKey()).isEqualTo("ca.crt");
    } else {
      assertThat(e.getScheme()).isNull();
    }
    PrometheusRule rule = one(objects, PrometheusRule.class, "lastmile");
    assertThat(rule.getMetadata().getLabels())
        .containsEntry("release", sm.getMetadata().getLabels().get("release"));
    assertThat(rule.getSpec().getGroups())
        .flatExtracting(g -> g.getRules())
        .extracting(Rule::getAlert)
        .containsExactlyElementsOf(ALERTS);
    for (var g : rule.getSpec().getGroups()) {
      for (Rule r : g.getRules()) {
        assertThat(r.getExpr().getStrVal())
            .as("%s reads the ServiceMonitor's job", r.getAlert())
            .contains("job=\"" + metrics.getMetadata().getName() + "\"");
        assertThat(r.getLabels()).containsKey("severity");
        assertThat(r.getAnnotations()).containsKeys("summary", "description");
      }
    }
  }

  private static void kafka(List<HasMetadata> objects) {
    Deployment d = one(objects, Deployment.class, "lastmile-control-plane");
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c)).containsEntry("LASTMILE_MESSAGING_CONNECTOR", "smallrye-kafka");
    EnvVar servers =
        c.getEnv().stream()
            .filter(v -> v.getName().equals("KAFKA_BOOTSTRAP_SERVERS"))
            .findFirst()
            .orElseThrow();
    var ref = servers.getValueFrom().getConfigMapKeyRef();
    String bootstrap = one(objects, ConfigMap.class, ref.getName()).getData().get(ref.getKey());
    assertThat(bootstrap).as("bootstrap servers").isNotBlank();
    Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
    List<NetworkPolicyEgressRule> egress =
        all(objects, NetworkPolicy.class).stream()
            .filter(
                p ->
                    labels
                        .entrySet()
                        .containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
            .flatMap(p -> p.getSpec().getEgress().stream())
            .toList();
    Set<Integer> allowed =
        egress.stream()
            .flatMap(r -> r.getPorts().stream())
            .map(p -> p.getPort().getIntVal())
            .collect(Collectors.toSet());
    assertThat(allowed).containsExactlyInAnyOrder(53, 443, 6443, 5432, 9092);
    for (String server : bootstrap.split(",")) {
      assertThat(allowed)
          .as("egress to %s", server)
          .contains(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)));
    }
  }

  private static Map<String, PodTemplateSpec> templates(List<HasMetadata> objects) {
    Map<String, PodTemplateSpec> out = new HashMap<>();
    for (HasMetadata o : objects) {
      PodTemplateSpec t =
          o instanceof Deployment d
              ? d.getSpec().getTemplate()
              : o instanceof StatefulSet s
                  ? s.getSpec().getTemplate()
                  : o instanceof DaemonSet ds ? ds.getSpec().getTemplate() : null;
      if (t != null) {
        out.put(o.getKind() + "/" + o.getMetadata().getName(), t);
      }
    }
    return out;
  }

  private static List<String> portNames(PodSpec pod) {
    List<String> out = new ArrayList<>();
    for (Container c : pod.getContainers()) {
      if (c.getPorts() != null) {
        c.getPorts().forEach(p -> out.add(p.getName()));
      }
    }
    return out;
  }

  /** The volume mounted where {@code path} lies, by the longest mount path. */
  private static Volume volume(PodSpec pod, Container c, String path) {
    VolumeMount mount =
        c.getVolumeMounts().stream()
            .filter(m -> path.startsWith(m.getMountPath() + "/"))
            .max(java.util.Comparator.comparingInt(m -> m.getMountPath().length()))
            .orElseThrow(() -> new AssertionError(path + " is under no volume mount"));
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(mount.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
  }

  /** The text of a file that a ConfigMap volume puts at {@code path}. */
  private static String file(List<HasMetadata> objects, PodSpec pod, Container c, String path) {
    Volume v = volume(pod, c, path);
    assertThat(v.getConfigMap()).as("%s comes from a ConfigMap", path).isNotNull();
    String text =
        one(objects, ConfigMap.class, v.getConfigMap().getName())
            .getData()
            .get(Path.of(path).getFileName().toString());
    assertThat(text).as("%s in ConfigMap %s", path, v.getConfigMap().getName()).isNotNull();
    return text;
  }

  private static Map<String, String> env(Container c) {
    Map<String, String> out = new HashMap<>();
    c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> out.put(e.getName(), e.getValue()));
    return out;
  }
}
