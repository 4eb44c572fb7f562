package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendered object passes the Kubernetes OpenAPI schemas (and, for the components, the
 * Prometheus Operator's and cert-manager's), as {@code kubectl apply -k} would need; the check
 * refuses what an API server refuses.
 */
class ManifestSchemasTest {
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyObjectOfAnOverlayMatchesItsSchema(String overlay) throws Exception {
    assertThat(OpenApiSchemas.problems(Kustomize.yaml(ManifestsTest.OVERLAYS.resolve(overlay))))
        .isEmpty();
  }

  @Test
  void everyObjectWithEveryComponentMatchesItsSchema() throws Exception {
    assertThat(
            OpenApiSchemas.problems(
                Kustomize.yaml(
                    ManifestComponentsTest.kustomization(
                        "schemas", "prod", "kafka", "monitoring", "tls", "cert-manager"))))
        .isEmpty();
  }

  @Test
  void theSchemasRefuseWhatAnApiServerRefuses() throws Exception {
    String yaml = Kustomize.yaml(ManifestsTest.OVERLAYS.resolve("dev"));
    String broken =
        yaml.replace("replicas: 2", "replicas: two")
            .replace("- Ingress", "- Inbound")
            .replace("containerPort: 8081", "containerPort: \"8081\"");
    assertThat(broken).isNotEqualTo(yaml);
    assertThat(OpenApiSchemas.problems(broken))
        .contains(
            "Deployment/lastmile-control-plane: data/spec/replicas must be integer",
            "NetworkPolicy/lastmile-agent: data/spec/policyTypes/0 must be equal to one of the"
                + " allowed values")
        .anySatisfy(
            p -> assertThat(p).startsWith("DaemonSet/lastmile-agent: ").contains("integer"));
  }
}
