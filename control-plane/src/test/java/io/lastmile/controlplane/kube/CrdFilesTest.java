package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRDs under {@code k8s/base/crds} are what the Fabric8 generator makes of the model classes,
 * with the printer columns in the order the classes declare them (the generator sorts them by
 * path). After changing the model, regenerate them with {@code ./mvnw -pl control-plane -am test
 * -Dtest=CrdFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dcrds.write=true}.
 */
class CrdFilesTest {
  static final Path CRDS = Path.of("..", "k8s", "base", "crds");
  static final Map<String, Class<?>> FILES =
      Map.of(
          "edgenodes.lastmile.io-v1.yml", EdgeNode.class,
          "inferencejobs.lastmile.io-v1.yml", InferenceJob.class);
  private static final String HEADER =
      "# Generated from the model classes in io.lastmile.controlplane.kube; see CrdFilesTest.\n";

  @Test
  void committedCrdsAreGeneratedFromTheModel(@TempDir Path out) throws IOException {
    new CRDGenerator()
        .customResourceClasses(EdgeNode.class, InferenceJob.class)
        .forCRDVersions("v1")
        .inOutputDir(out.toFile())
        .generate();
    try (var generated = Files.list(out)) {
      assertThat(generated.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(FILES.keySet());
    }
    for (var file : FILES.entrySet()) {
      CustomResourceDefinition fresh =
          Serialization.unmarshal(
              Files.readString(out.resolve(file.getKey())), CustomResourceDefinition.class);
      orderColumns(fresh, file.getValue());
      Path committed = CRDS.resolve(file.getKey());
      if (Boolean.getBoolean("crds.write")) {
        Files.writeString(committed, HEADER + Serialization.asYaml(fresh));
      }
      assertThat(
              Serialization.unmarshal(Files.readString(committed), CustomResourceDefinition.class))
          .as("%s is stale: regenerate it (see this test's javadoc)", file.getKey())
          .isEqualTo(fresh);
    }
  }

  private static void orderColumns(CustomResourceDefinition crd, Class<?> model) {
    List<String> order =
        Arrays.stream(model.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    crd.getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getAdditionalPrinterColumns()
                    .sort(
                        Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) -> order.indexOf(c.getName()))));
  }
}
