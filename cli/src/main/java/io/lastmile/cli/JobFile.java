package io.lastmile.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.util.JsonFormat;
import io.lastmile.api.v1.JobSpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A job spec read from YAML (or JSON, which is YAML too). The document is the gRPC {@code JobSpec}
 * in the proto's JSON mapping, so every field of the API can be set and none is invented here:
 * field names in snake_case or lowerCamelCase, durations as {@code "30s"}, {@code "0.5s"} or as the
 * flags take them ({@code 30ms}, {@code 5m}, {@code 2h}, {@code 1d}), times as RFC 3339. The job
 * class and packing may be written without their prefix ({@code DEFERRABLE} for {@code
 * JOB_CLASS_DEFERRABLE}, {@code spread} for {@code PACKING_SPREAD}).
 */
final class JobFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SHORT_DURATION = Pattern.compile("\\d+(ms|m|h|d)");

  private JobFile() {}

  /** Thrown for a file that cannot be read or is not a valid job spec; the message says why. */
  static final class BadJobFile extends Exception {
    BadJobFile(String message) {
      super(message);
    }
  }

  /** Reads {@code path}; {@code -} reads standard input. */
  static JobSpec read(String path, InputStream stdin) throws BadJobFile {
    try {
      JsonNode tree =
          path.equals("-")
              ? YAML.readTree(stdin)
              : YAML.readTree(Files.newInputStream(Path.of(path)));
      return parse(tree, path);
    } catch (NoSuchFileException e) {
      throw new BadJobFile(path + ": no such file");
    } catch (IOException e) {
      throw new BadJobFile(
          path + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Durations as the CLI flags take them (250ms, 30s, 5m, 2h, 1d) become the proto's seconds. */
  private static void durations(ObjectNode object, String... fields) {
    for (String field : fields) {
      JsonNode value = object.get(field);
      if (value != null && value.isTextual() && SHORT_DURATION.matcher(value.asText()).matches()) {
        Duration d = new DurationConverter().convert(value.asText());
        object.put(
            field, BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s");
      }
    }
  }

  static JobSpec parse(JsonNode tree, String source) throws BadJobFile {
    if (tree == null || !tree.isObject()) {
      throw new BadJobFile(source + ": expected a mapping of JobSpec fields (name, workload, ...)");
    }
    ObjectNode spec = ((ObjectNode) tree).deepCopy();
    for (String field : new String[] {"jobClass", "job_class"}) {
      JsonNode value = spec.get(field);
      if (value != null && value.isTextual() && !value.asText().startsWith("JOB_CLASS_")) {
        spec.put(field, "JOB_CLASS_" + value.asText().toUpperCase(Locale.ROOT));
      }
    }
    if (spec.get("scoring") instanceof ObjectNode scoring) {
      JsonNode packing = scoring.get("packing");
      if (packing != null && packing.isTextual() && !packing.asText().startsWith("PACKING_")) {
        scoring.put("packing", SubmitCommand.packingName(packing.asText()));
      }
    }
    durations(spec, "expectedDuration", "expected_duration", "timeout");
    if (spec.get("placement") instanceof ObjectNode placement) {
      durations(placement, "maxRtt", "max_rtt");
    }
    JobSpec.Builder builder = JobSpec.newBuilder();
    try {
      JsonFormat.parser().merge(JSON.writeValueAsString(spec), builder);
    } catch (IOException e) {
      throw new BadJobFile(source + ": " + e.getMessage());
    }
    return builder.build();
  }
}
