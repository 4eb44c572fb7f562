package io.lastmile.controlplane.kube;

import static io.lastmile.controlplane.kube.ManifestsTest.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifest checks refuse each defect that once made the shipped manifests unusable: every case
 * copies {@code k8s/}, puts one defect back (the text it replaces must still be there, so a case
 * cannot silently stop applying) and runs every check of {@link ManifestsTest}, {@link
 * ManifestPoliciesTest}, the Kubernetes OpenAPI schemas and the CRD schemas on the rendered
 * overlay, which must fail. The same checks pass on the tree as committed.
 */
class ManifestDefectsTest {
  private static final Path K8S = Path.of("..", "k8s");
  private static final Path WORK = Path.of("target", "manifest-defects");

  /** Every manifest check, on one overlay of a {@code k8s/} tree. */
  static void allChecks(Path k8s, String overlay) throws Exception {
    String yaml = Kustomize.yaml(k8s.resolve("overlays").resolve(overlay));
    assertThat(OpenApiSchemas.problems(yaml))
        .as("against the Kubernetes OpenAPI schemas")
        .isEmpty();
    List<HasMetadata> objects = Kustomize.parse(yaml);
    ManifestsTest.knownFieldsAndNamespaces(objects);
    ManifestsTest.controlPlane(objects, overlay);
    ManifestsTest.highAvailability(objects);
    ManifestsTest.agent(objects, overlay);
    ManifestsTest.database(objects, overlay);
    ManifestPoliciesTest.podSecurity(objects);
    ManifestPoliciesTest.networkPolicies(objects, overlay);
    crds(objects);
  }

  /**
   * The rendered CRDs refuse what the control plane would refuse later, accept a dotted node name,
   * keep EdgeNode's observations in status, give InferenceJob conditions for {@code kubectl wait},
   * describe every field for {@code kubectl explain} and show the pending reason as a column.
   */
  static void crds(List<HasMetadata> objects) throws Exception {
    CustomResourceDefinition jobsCrd =
        one(objects, CustomResourceDefinition.class, "inferencejobs.lastmile.io");
    CustomResourceDefinition nodesCrd =
        one(objects, CustomResourceDefinition.class, "edgenodes.lastmile.io");
    CrdSchema jobs = CrdSchema.of(jobsCrd);
    CrdSchema nodes = CrdSchema.of(nodesCrd);
    assertThat(jobs.problems(job("{}"))).as("an InferenceJob with an empty spec").isNotEmpty();
    assertThat(jobs.problems(job("{workload: {command: sh}, resources: {gpuCount: -5}}")))
        .as("an InferenceJob asking for -5 GPUs")
        .isNotEmpty();
    assertThat(jobs.problems(job("{workload: {command: sh}, jobClass: URGENT}")))
        .as("an InferenceJob of an unknown class")
        .isNotEmpty();
    assertThat(jobs.problems(job("{workload: {command: sh}}"))).as("a minimal job").isEmpty();
    assertThat(nodes.problems(edgeNode("ip-10-0-1-23.eu-central-1.compute.internal")))
        .as("an EdgeNode for a dotted node name")
        .isEmpty();
    assertThat(jobs.undescribed()).as("InferenceJob fields without a description").isEmpty();
    assertThat(nodes.undescribed()).as("EdgeNode fields without a description").isEmpty();
    JsonNode jobSchema = schema(jobsCrd);
    JsonNode nodeSchema = schema(nodesCrd);
    assertThat(jobSchema.at("/properties/status/properties/conditions/type").asText())
        .as("InferenceJob status.conditions")
        .isEqualTo("array");
    assertThat(nodeSchema.at("/properties/status/properties/conditions/type").asText())
        .as("EdgeNode status.conditions")
        .isEqualTo("array");
    assertThat(nodeSchema.at("/properties/spec/properties").propertyStream().map(e -> e.getKey()))
        .as("EdgeNode spec holds what the operator declares, not what the agent observes")
        .doesNotContain("gpusTotal", "gpusFree", "powerDrawW", "state", "connected");
    assertThat(jobsCrd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getJsonPath)
        .contains(".status.pendingReason");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void theCommittedManifestsPassEveryCheck(String overlay) throws Exception {
    allChecks(copy("as-committed-" + overlay), overlay);
  }

  static Stream<Arguments> defects() {
    return Stream.of(
        defect(
            "1: the control plane is given no API tokens file",
            "dev",
            "base/control-plane/deployment.yaml",
            """
                        - name: LASTMILE_AUTH_TOKENS_FILE
                          value: /var/run/secrets/lastmile/api-tokens/tokens
            """,
            ""),
        defect(
            "1: an API token setting is committed in a ConfigMap",
            "prod",
            "base/control-plane/configmap.yaml",
            "    lastmile.energy.currency=EUR\n",
            "    lastmile.energy.currency=EUR\n    lastmile.auth.tokens=admin:secret\n"),
        defect(
            "2: agents are given no credential to enrol with",
            "dev",
            "base/agent/daemonset.yaml",
            """
                        - name: LASTMILE_AGENT_ENROLMENT_SERVICE_ACCOUNT_TOKEN_FILE
                          value: /var/run/secrets/lastmile/enrolment/token
            """,
            ""),
        defect(
            "2: a refused agent looks healthy (no probe)",
            "prod",
            "base/agent/daemonset.yaml",
            """
                      livenessProbe:
                        httpGet:
                          path: /live
                          port: health
                        periodSeconds: 10
                        failureThreshold: 6
            """,
            ""),
        defect(
            "3: the agents' hostPath in a namespace enforcing baseline",
            "dev",
            "base/agent/namespace.yaml",
            "pod-security.kubernetes.io/enforce: privileged",
            "pod-security.kubernetes.io/enforce: baseline"),
        defect(
            "3: workloads run as the agent's user, who owns its credential",
            "dev",
            "base/agent/daemonset.yaml",
            """
                        runAsUser: 0
                        runAsGroup: 0
                        runAsNonRoot: false
            """,
            """
                        runAsUser: 185
                        runAsGroup: 185
                        runAsNonRoot: true
            """),
        defect(
            "3: workloads can read the enrolment token",
            "prod",
            "base/agent/daemonset.yaml",
            "defaultMode: 256",
            "defaultMode: 292"),
        defect(
            "4: dotted node names refused",
            "prod",
            "base/crds/edgenodes.lastmile.io-v1.yml",
            "(\\\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
            "$"),
        defect(
            "5: the PDB lets no replica go",
            "dev",
            "base/control-plane/poddisruptionbudget.yaml",
            "minAvailable: 1",
            "minAvailable: 2"),
        defect(
            "5: followers never Ready",
            "prod",
            "base/control-plane/deployment.yaml",
            """
                        - name: LASTMILE_LEADER_ELECTION_ENABLED
                          value: "true"
            """,
            """
                        - name: LASTMILE_LEADER_ELECTION_ENABLED
                          value: "true"
                        - name: LASTMILE_LEADER_ELECTION_LABEL_POD
                          value: "false"
            """),
        defect(
            "5: a rollout that cannot start a new pod",
            "dev",
            "base/control-plane/deployment.yaml",
            "maxSurge: 1",
            "maxSurge: 0"),
        defect(
            "6: a snapshot tag in production",
            "prod",
            "overlays/prod/kustomization.yaml",
            "newTag: 0.1.0\n",
            "newTag: 0.1.0-SNAPSHOT\n"),
        defect(
            "6: the gRPC port is not declared",
            "dev",
            "base/control-plane/deployment.yaml",
            """
                        - name: grpc
                          containerPort: 9090
            """,
            ""),
        defect(
            "7: the CRD requires no workload",
            "dev",
            "base/crds/inferencejobs.lastmile.io-v1.yml",
            """
                        required:
                        - "workload"
            """,
            ""),
        defect(
            "7: the CRD takes any GPU count",
            "prod",
            "base/crds/inferencejobs.lastmile.io-v1.yml",
            """
                                maximum: 64.0
                                minimum: 0.0
            """,
            ""),
        defect(
            "7: InferenceJob has no conditions",
            "dev",
            "base/crds/inferencejobs.lastmile.io-v1.yml",
            "              conditions:\n",
            "              conditionList:\n"),
        defect(
            "8: egress to anywhere",
            "prod",
            "base/control-plane/networkpolicy.yaml",
            "cidr: 10.0.0.0/8",
            "cidr: 0.0.0.0/0"),
        defect(
            "8: PostgreSQL has no policy",
            "dev",
            "overlays/dev/kustomization.yaml",
            "  - networkpolicy.yaml\n",
            ""),
        defect(
            "8: the agents have no policy",
            "dev",
            "base/agent/kustomization.yaml",
            "  - networkpolicy.yaml\n",
            ""),
        defect(
            "9: commonLabels",
            "dev",
            "overlays/dev/kustomization.yaml",
            """
            labels:
              - pairs:
                  app.kubernetes.io/part-of: lastmile
                includeTemplates: true
            """,
            """
            commonLabels:
              app.kubernetes.io/part-of: lastmile
            """),
        defect(
            "9: bases",
            "prod",
            "overlays/prod/kustomization.yaml",
            "resources:\n  - ../../base\n",
            "bases:\n  - ../../base\nresources:\n"),
        defect(
            "9: patchesStrategicMerge",
            "dev",
            "overlays/dev/kustomization.yaml",
            """
            patches:
              - target:
                  group: apps
                  version: v1
                  kind: Deployment
                  name: lastmile-control-plane
                path: control-plane-resources.yaml
            """,
            """
            patchesStrategicMerge:
              - control-plane-resources.yaml
            """));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("defects")
  void eachDefectIsRefused(String defect, String overlay, String file, String find, String put)
      throws Exception {
    Path k8s = copy(defect.replaceAll("[^A-Za-z0-9]+", "-"));
    Path target = k8s.resolve(file);
    String text = Files.readString(target);
    assertThat(text).as("%s still has the text this case replaces", file).contains(find);
    Files.writeString(target, text.replace(find, put));

    Throwable refused = catchThrowable(() -> allChecks(k8s, overlay));
    if (refused instanceof org.opentest4j.TestAbortedException skipped) {
      throw skipped; // no kustomize here
    }
    String why = refused == null ? "" : String.valueOf(refused.getMessage()).strip();
    System.out.println("refused, " + defect + ": " + why.lines().findFirst().orElse(""));

    assertThat(refused)
        .as("the checks accept the manifests with the defect: %s", defect)
        .isInstanceOf(AssertionError.class);
  }

  private static Arguments defect(
      String defect, String overlay, String file, String find, String put) {
    return Arguments.of(defect, overlay, file, find, put);
  }

  /** A fresh copy of {@code k8s/} under target, named {@code name}. */
  private static Path copy(String name) throws IOException {
    Path to = WORK.resolve(name).resolve("k8s");
    if (Files.exists(to)) {
      try (Stream<Path> old = Files.walk(to)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(ManifestDefectsTest::delete);
      }
    }
    try (Stream<Path> files = Files.walk(K8S)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(K8S.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(from, dest);
        }
      }
    }
    return to;
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode schema(CustomResourceDefinition crd) {
    return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
        .valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
  }

  private static JsonNode job(String spec) throws IOException {
    return CrdSchema.YAML.readTree(
        "apiVersion: lastmile.io/v1\nkind: InferenceJob\nmetadata: {name: j}\nspec: " + spec);
  }

  private static JsonNode edgeNode(String nodeId) throws IOException {
    return CrdSchema.YAML.readTree(
        """
        apiVersion: lastmile.io/v1
        kind: EdgeNode
        metadata: {name: n}
        spec: {nodeId: "%s", region: de-fra, jurisdiction: DE, marketZone: DE-LU, pue: 1.2}
        """
            .formatted(nodeId));
  }
}
