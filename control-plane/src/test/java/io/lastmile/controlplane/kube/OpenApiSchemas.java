package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rendered objects checked against the Kubernetes OpenAPI schemas as an API server checks them
 * (types, required fields, enums, formats), by kubernetes-models from npm and its Prometheus
 * Operator and cert-manager packages ({@code src/test/k8s-schemas}, versions locked). Unknown
 * fields, which those schemas let through, are {@link UnknownFields}' part. The packages are
 * installed under {@code target/k8s-schemas} with {@code npm ci} on first use; without node and npm
 * the calling test is skipped, except under {@code CI=true}, where it fails.
 */
final class OpenApiSchemas {
  private static final Path SOURCE = Path.of("src", "test", "k8s-schemas");
  private static final Path WORK = Path.of("target", "k8s-schemas");
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenApiSchemas() {}

  /** One line per problem, {@code Kind/name: data/spec/replicas must be integer}; empty if none. */
  static List<String> problems(String renderedYaml) throws IOException, InterruptedException {
    ArrayNode objects = JSON.createArrayNode();
    try (var documents = CrdSchema.YAML.readerFor(JsonNode.class).readValues(renderedYaml)) {
      while (documents.hasNext()) {
        JsonNode o = (JsonNode) documents.next();
        if (o != null && !o.isNull() && !o.isMissingNode()) {
          objects.add(o);
        }
      }
    }
    Path input = Files.createTempFile(install(), "objects", ".json");
    JSON.writeValue(input.toFile(), objects);
    List<String> out = run(List.of("node", "validate.mjs", input.getFileName().toString()));
    Files.delete(input);
    String summary = out.remove(out.size() - 1);
    assertThat(summary).as("validator's summary").startsWith(objects.size() + " objects");
    return out;
  }

  private static synchronized Path install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    Path lock = WORK.resolve("package-lock.json");
    boolean fresh =
        Files.exists(WORK.resolve("node_modules"))
            && Files.exists(lock)
            && Files.mismatch(lock, SOURCE.resolve("package-lock.json")) == -1;
    for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
      Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!fresh) {
      List<String> out = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
      assertThat(Files.exists(WORK.resolve("node_modules"))).as("npm ci: %s", out).isTrue();
    }
    return WORK;
  }

  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      String why =
          command.get(0) + " not found (" + e.getMessage() + "); apt-get install nodejs npm";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why + "; skipping the OpenAPI schema checks");
      throw e;
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 120 s: " + text);
    }
    List<String> lines = new ArrayList<>(text.strip().lines().toList());
    if (command.get(0).equals("npm") && p.exitValue() != 0) {
      fail(String.join(" ", command) + " failed: " + text);
    }
    if (command.get(0).equals("node") && p.exitValue() > 1) {
      fail(String.join(" ", command) + " failed: " + text);
    }
    return lines;
  }
}
