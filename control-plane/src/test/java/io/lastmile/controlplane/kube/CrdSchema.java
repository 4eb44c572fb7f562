package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The schema of one committed CRD, checked as the API server checks an object on create: the
 * OpenAPI keywords by a JSON-schema validator, and the CEL rules ({@code x-kubernetes-validations})
 * by a reader of the one form the CRDs use, {@code has(self.a) || has(self.b)}. The Kubernetes test
 * server checks neither.
 */
final class CrdSchema {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern HAS_RULE =
      Pattern.compile("has\\(self\\.\\w+\\)(\\s*\\|\\|\\s*has\\(self\\.\\w+\\))*");
  private static final Pattern FIELD = Pattern.compile("self\\.(\\w+)");

  private final JsonNode schema;
  private final JsonSchema validator;

  private CrdSchema(JsonNode schema) {
    this.schema = schema;
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    this.validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema, config);
  }

  /** The schema of {@code file} under {@code k8s/base/crds}. */
  static CrdSchema of(String file) {
    return new CrdSchema(
        read(CrdFilesTest.CRDS.resolve(file)).at("/spec/versions/0/schema/openAPIV3Schema"));
  }

  /** The schema of a rendered CRD, as {@code kubectl apply -k} would send it. */
  static CrdSchema of(
      io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
    return new CrdSchema(
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
            .valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()));
  }

  static JsonNode read(Path yaml) {
    try {
      return YAML.readTree(yaml.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the API server would refuse {@code object} for, each starting with the field's JSON
   * pointer ({@code /spec/resources/gpuCount: …}); empty when it would store it.
   */
  List<String> problems(JsonNode object) {
    List<String> out = new ArrayList<>();
    for (ValidationMessage m : validator.validate(object)) {
      out.add(m.getMessage());
    }
    checkRules(schema, object, "", out);
    return out;
  }

  /** Paths of the properties that {@code kubectl explain} would show without a description. */
  List<String> undescribed() {
    List<String> out = new ArrayList<>();
    undescribed(schema, "", out);
    return out;
  }

  private static void undescribed(JsonNode schema, String path, List<String> out) {
    if (!schema.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      String at = path + "." + p.getKey();
      if (!p.getValue().hasNonNull("description")) {
        out.add(at);
      }
      undescribed(p.getValue(), at, out);
    }
    undescribed(schema.path("items"), path + "[]", out);
    undescribed(schema.path("additionalProperties"), path + "{}", out);
  }

  private static void checkRules(JsonNode schema, JsonNode value, String path, List<String> out) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String text = rule.path("rule").asText();
      if (!HAS_RULE.matcher(text).matches()) {
        throw new IllegalArgumentException("rule the checker cannot read: " + text);
      }
      if (FIELD.matcher(text).results().noneMatch(f -> value.has(f.group(1)))) {
        out.add(path + ": " + rule.path("message").asText());
      }
    }
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        JsonNode declared = schema.path("properties").path(field.getKey());
        JsonNode sub = declared.isMissingNode() ? schema.path("additionalProperties") : declared;
        checkRules(sub, field.getValue(), path + "/" + field.getKey(), out);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        checkRules(schema.path("items"), value.get(i), path + "/" + i, out);
      }
    }
  }
}
