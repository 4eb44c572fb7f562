package io.lastmile.controlplane.kube;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization as {@code kubectl apply -k} does: with {@code $KUSTOMIZE build} when
 * {@code KUSTOMIZE} names a kustomize 5 binary ({@code .ci/kustomize} fetches one), else with
 * {@code kubectl kustomize} ({@code KUBECTL} or {@code kubectl} on the PATH, 1.27 or newer). A
 * render that fails or warns (a deprecated field, for example) fails the calling test. Without
 * either tool the test is skipped, except under {@code CI=true}, where it fails.
 */
final class Kustomize {
  private Kustomize() {}

  static List<HasMetadata> render(Path kustomization) throws IOException, InterruptedException {
    return parse(yaml(kustomization));
  }

  /** Typed objects of rendered YAML documents. */
  static List<HasMetadata> parse(String yaml) {
    Object parsed = Serialization.unmarshal(yaml);
    if (parsed instanceof List<?> documents) {
      return documents.stream().map(HasMetadata.class::cast).toList();
    }
    if (parsed instanceof KubernetesResourceList<?> list) {
      return list.getItems().stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  /** The rendered objects as {@code kubectl apply -k} would send them: YAML documents. */
  static String yaml(Path kustomization) throws IOException, InterruptedException {
    String kustomize = System.getenv("KUSTOMIZE");
    List<String> command =
        kustomize != null && !kustomize.isBlank()
            ? List.of(kustomize, "build", kustomization.toString())
            : List.of(
                System.getenv().getOrDefault("KUBECTL", "kubectl"),
                "kustomize",
                kustomization.toString());
    Path errors = Files.createTempFile("kustomize", ".err");
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    } catch (IOException e) {
      String why =
          "%s not found (%s); set KUSTOMIZE (.ci/kustomize prints one) or KUBECTL"
              .formatted(command.get(0), e.getMessage());
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why + "; skipping the manifest checks");
      throw e;
    }
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    String stderr = Files.readString(errors).strip();
    Files.delete(errors);
    if (!done || p.exitValue() != 0) {
      fail(String.join(" ", command) + " failed: " + stderr);
    }
    if (!stderr.isEmpty()) {
      fail(String.join(" ", command) + " warned (kubectl apply -k would too): " + stderr);
    }
    return yaml;
  }
}
