package io.lastmile.controlplane.kube;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} ({@code KUBECTL} or {@code kubectl} on the
 * PATH). Without kubectl the calling test is skipped, except under {@code CI=true}, where it fails:
 * CI installs kubectl.
 */
final class KubectlKustomize {
  private KubectlKustomize() {}

  static List<HasMetadata> render(Path kustomization) throws IOException, InterruptedException {
    String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
    Process p;
    try {
      p =
          new ProcessBuilder(kubectl, "kustomize", kustomization.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      String why = "kubectl not found (" + e.getMessage() + "); install it or set KUBECTL";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why + "; skipping the manifest checks");
      throw e;
    }
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("kubectl kustomize " + kustomization + " failed (see the test's standard error)");
    }
    Object parsed = Serialization.unmarshal(yaml);
    if (parsed instanceof List<?> documents) {
      return documents.stream().map(HasMetadata.class::cast).toList();
    }
    if (parsed instanceof KubernetesResourceList<?> list) {
      return list.getItems().stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }
}
