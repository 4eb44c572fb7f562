package io.lastmile.controlplane.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Job specs and node registrations as JSON columns, field by field (no reflection, so it works in a
 * native image and a renamed Java field cannot silently change the stored format).
 */
public final class JsonCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonCodec() {}

  public static String spec(JobSpec s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", s.name());
    Workload w = s.workload();
    ObjectNode wo = o.putObject("workload").put("command", w.command()).put("image", w.image());
    strings(wo.putArray("args"), w.args());
    map(wo.putObject("env"), w.env());
    ResourceRequest r = s.resources();
    o.putObject("resources")
        .put("gpuCount", r.gpuCount())
        .put("gpuMemoryMiB", r.gpuMemoryMiB())
        .put("gpuModel", r.gpuModel())
        .put("cpuMillis", r.cpuMillis())
        .put("memoryMiB", r.memoryMiB());
    PlacementConstraints p = s.placement();
    ObjectNode po =
        o.putObject("placement")
            .put("originRegion", p.originRegion())
            .put("maxRttMs", p.maxRttMs());
    strings(po.putArray("allowedJurisdictions"), p.allowedJurisdictions().stream().sorted());
    map(po.putObject("labelSelector"), p.labelSelector());
    o.put("jobClass", s.jobClass().name());
    o.put("deadline", s.deadline() == null ? null : s.deadline().toString());
    o.put("expectedDuration", s.expectedDuration().toString());
    o.put("maxAttempts", s.maxAttempts());
    o.put("priority", s.priority());
    o.put("timeout", s.timeout() == null ? null : s.timeout().toString());
    if (!s.tenant().isEmpty()) {
      o.put("tenant", s.tenant());
    }
    if (s.keepOnDisconnect()) {
      o.put("keepOnDisconnect", true);
    }
    if (!s.scoring().isDefault()) {
      ObjectNode so = o.putObject("scoring");
      ObjectNode weights = so.putObject("weights");
      new TreeMap<>(s.scoring().weights()).forEach(weights::put);
      so.put("packing", s.scoring().packing() == null ? null : s.scoring().packing().name());
    }
    return o.toString();
  }

  public static JobSpec spec(String json) {
    JsonNode o = parse(json);
    JsonNode w = o.get("workload");
    JsonNode r = o.get("resources");
    JsonNode p = o.get("placement");
    return new JobSpec(
        o.get("name").asText(),
        new Workload(
            w.get("command").asText(), strings(w.get("args")), map(w.get("env")), text(w, "image")),
        new ResourceRequest(
            r.get("gpuCount").asInt(),
            r.get("gpuMemoryMiB").asLong(),
            r.get("gpuModel").asText(),
            r.get("cpuMillis").asInt(),
            r.get("memoryMiB").asLong()),
        new PlacementConstraints(
            p.get("originRegion").asText(),
            p.get("maxRttMs").asDouble(),
            Set.copyOf(new HashSet<>(strings(p.get("allowedJurisdictions")))),
            map(p.get("labelSelector"))),
        JobClass.valueOf(o.get("jobClass").asText()),
        o.get("deadline").isNull() ? null : Instant.parse(o.get("deadline").asText()),
        Duration.parse(o.get("expectedDuration").asText()),
        o.get("maxAttempts").asInt(),
        o.get("priority").asInt(),
        o.get("timeout").isNull() ? null : Duration.parse(o.get("timeout").asText()),
        scoring(o.get("scoring")),
        o.has("tenant") ? o.get("tenant").asText() : "",
        o.has("keepOnDisconnect") && o.get("keepOnDisconnect").asBoolean());
  }

  /** A spec's own scoring; specs stored before it existed have none. */
  private static JobScoring scoring(JsonNode s) {
    if (s == null || s.isNull()) {
      return JobScoring.DEFAULTS;
    }
    Map<String, Double> weights = new HashMap<>();
    s.get("weights")
        .fields()
        .forEachRemaining(e -> weights.put(e.getKey(), e.getValue().asDouble()));
    JsonNode packing = s.get("packing");
    return new JobScoring(
        weights,
        packing == null || packing.isNull() ? null : PackingPolicy.valueOf(packing.asText()));
  }

  static String node(NodeInfo n) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", n.id())
        .put("region", n.region())
        .put("jurisdiction", n.jurisdiction())
        .put("marketZone", n.marketZone())
        .put("pue", n.pue())
        .put("cpuMillis", n.cpuMillis())
        .put("memoryMiB", n.memoryMiB())
        .put("simulated", n.simulated())
        .put("sitePowerCapKw", n.sitePowerCapKw());
    map(o.putObject("labels"), n.labels());
    ArrayNode gpus = o.putArray("gpus");
    for (GpuDevice g : n.gpus()) {
      gpus.addObject()
          .put("index", g.index())
          .put("uuid", g.uuid())
          .put("model", g.model())
          .put("memoryTotalMiB", g.memoryTotalMiB())
          .put("memoryUsedMiB", g.memoryUsedMiB())
          .put("powerLimitW", g.powerLimitW());
    }
    return o.toString();
  }

  static NodeInfo node(String json) {
    JsonNode o = parse(json);
    List<GpuDevice> gpus = new ArrayList<>();
    for (JsonNode g : o.get("gpus")) {
      gpus.add(
          new GpuDevice(
              g.get("index").asInt(),
              g.get("uuid").asText(),
              g.get("model").asText(),
              g.get("memoryTotalMiB").asLong(),
              g.get("memoryUsedMiB").asLong(),
              g.get("powerLimitW").asDouble()));
    }
    return new NodeInfo(
        o.get("id").asText(),
        o.get("region").asText(),
        o.get("jurisdiction").asText(),
        o.get("marketZone").asText(),
        o.get("pue").asDouble(),
        map(o.get("labels")),
        gpus,
        o.get("cpuMillis").asInt(),
        o.get("memoryMiB").asLong(),
        o.get("simulated").asBoolean(),
        o.get("sitePowerCapKw").asDouble());
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON in the database: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }

  private static void strings(ArrayNode into, java.util.stream.Stream<String> values) {
    values.forEach(into::add);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static void map(ObjectNode into, Map<String, String> values) {
    new java.util.TreeMap<>(values).forEach(into::put);
  }

  private static Map<String, String> map(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
