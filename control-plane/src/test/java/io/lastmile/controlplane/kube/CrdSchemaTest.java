package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs refuse what the control plane would refuse, before it is stored. */
class CrdSchemaTest {
  private static final CrdSchema JOBS = CrdSchema.of("inferencejobs.lastmile.io-v1.yml");
  private static final CrdSchema NODES = CrdSchema.of("edgenodes.lastmile.io-v1.yml");
  private static final JsonNode EXAMPLE =
      CrdSchema.read(Path.of("..", "k8s", "examples", "inference-job.yaml"));

  @Test
  void theExampleJobIsValid() {
    assertThat(JOBS.problems(EXAMPLE)).isEmpty();
  }

  @Test
  void aJobUsingEveryFieldWithinItsLimitsIsValid() throws JsonProcessingException {
    JsonNode job =
        CrdSchema.YAML.readTree(
            """
            apiVersion: lastmile.io/v1
            kind: InferenceJob
            metadata: {name: batch}
            spec:
              name: nightly-embeddings
              workload: {image: registry.example/llm:1.2, args: [--batch], env: {MODEL: e5}}
              resources: {gpuCount: 64, gpuMemoryMib: 16777216, gpuModel: L4, cpuMillis: 0,
                          memoryMib: 4096}
              placement: {originRegion: de-fra, maxRtt: 250ms, allowedJurisdictions: [DE],
                          labelSelector: {tier: gold}}
              jobClass: DEFERRABLE
              deadline: 2026-11-23T06:00:00+01:00
              expectedDuration: 2h
              maxAttempts: 10
              priority: -1000
              timeout: 1d
              scoring: {weights: {energy-cost: 2}, packing: SPREAD}
            """);
    assertThat(JOBS.problems(job)).isEmpty();
  }

  @Test
  void anEmptySpecIsRefusedForItsMissingWorkload() throws JsonProcessingException {
    assertThat(JOBS.problems(withSpec("{}")))
        .singleElement()
        .asString()
        .isEqualTo("/spec: required property 'workload' not found");
  }

  @Test
  void aJobWithoutSpecIsRefused() {
    ObjectNode job = EXAMPLE.deepCopy();
    job.remove("spec");
    assertThat(JOBS.problems(job)).singleElement().asString().contains("spec");
  }

  @Test
  void aWorkloadWithNeitherCommandNorImageIsRefused() throws JsonProcessingException {
    assertThat(JOBS.problems(withSpec("{workload: {args: [x]}}")))
        .containsExactly("/spec/workload: needs a command or an image");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "resources.gpuCount    | -5                  | minimum value of 0",
        "resources.gpuCount    | 65                  | maximum value of 64",
        "resources.gpuCount    | two                 | integer expected",
        "resources.gpuMemoryMib| -1                  | minimum value of 0",
        "resources.gpuModel    | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | must be at most 64 characters",
        "jobClass              | URGENT              | does not have a value in the enumeration",
        "jobClass              | standard            | does not have a value in the enumeration",
        "scoring.packing       | DIAGONAL            | does not have a value in the enumeration",
        "maxAttempts           | 0                   | minimum value of 1",
        "maxAttempts           | 11                  | maximum value of 10",
        "priority              | 1001                | maximum value of 1000",
        "priority              | -1001               | minimum value of -1000",
        "placement.maxRtt      | thirty              | does not match the regex pattern",
        "expectedDuration      | 5 m                 | does not match the regex pattern",
        "timeout               | 1w                  | does not match the regex pattern",
        "deadline              | tomorrow            | does not match the date-time",
        "deadline              | 2026-11-23T06:00:00 | does not match the regex pattern",
        "workload.command      | '\"\"'                | must be at least 1 characters",
      })
  void aFieldOutsideItsRulesIsRefusedNamingIt(String field, String yaml, String problem)
      throws JsonProcessingException {
    ObjectNode job = EXAMPLE.deepCopy();
    ObjectNode parent = (ObjectNode) job.get("spec");
    String[] path = field.split("\\.");
    for (int i = 0; i < path.length - 1; i++) {
      parent = parent.withObjectProperty(path[i]);
    }
    parent.set(path[path.length - 1], CrdSchema.YAML.readTree(yaml));

    String pointer = "/spec/" + field.replace('.', '/') + ": ";
    assertThat(JOBS.problems(job))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).startsWith(pointer))
        .anySatisfy(p -> assertThat(p).contains(problem));
  }

  @ParameterizedTest
  @ValueSource(strings = {"inferencejobs.lastmile.io-v1.yml", "edgenodes.lastmile.io-v1.yml"})
  void everyFieldIsDescribedForKubectlExplain(String file) {
    assertThat(CrdSchema.of(file).undescribed()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "edge-fra-2, true",
    "ip-10-0-1-23.eu-central-1.compute.internal, true",
    "Edge-Fra-2, false",
    "edge_fra_2, false",
    "-edge, false",
    "edge..fra, false",
  })
  void anEdgeNodeIdIsADns1123Subdomain(String nodeId, boolean valid)
      throws JsonProcessingException {
    assertThat(NODES.problems(edgeNode(nodeId)).isEmpty()).isEqualTo(valid);
  }

  @Test
  void anEdgeNodeIdIsAtMost253Characters() throws JsonProcessingException {
    String label = "a".repeat(63);
    String id = String.join(".", label, label, label, label.substring(0, 61));
    assertThat(id).hasSize(253);
    assertThat(NODES.problems(edgeNode(id))).isEmpty();
    assertThat(NODES.problems(edgeNode(id + "a")))
        .singleElement()
        .asString()
        .startsWith("/spec/nodeId: must be at most 253 characters");
  }

  private static JsonNode edgeNode(String nodeId) throws JsonProcessingException {
    return CrdSchema.YAML.readTree(
        """
        apiVersion: lastmile.io/v1
        kind: EdgeNode
        metadata: {name: n}
        spec: {nodeId: "%s", region: de-fra, jurisdiction: DE, marketZone: DE-LU, pue: 1.2}
        status:
          state: READY
          gpuModels: [L4]
          conditions:
          - {type: Ready, status: "True", reason: Ready, message: agent 1.0 connected,
             lastTransitionTime: "2026-11-23T06:00:00Z", observedGeneration: 1}
        """
            .formatted(nodeId));
  }

  private static JsonNode withSpec(String yaml) throws JsonProcessingException {
    ObjectNode job = EXAMPLE.deepCopy();
    job.set("spec", CrdSchema.YAML.readTree(yaml));
    return job;
  }
}
