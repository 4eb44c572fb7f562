package io.lastmile.controlplane.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobEventType;
import io.lastmile.controlplane.domain.JobState;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON value of a {@code job-events} record (schema in docs/events.md, "Job events"):
 *
 * <pre>{@code
 * {"event_id": "job-3f9a1c2b4d5e-v4", "type": "SUCCEEDED", "time": "2026-03-01T10:05:00Z",
 *  "job_id": "job-3f9a1c2b4d5e", "job_version": 4, "attempt_id": "job-3f9a1c2b4d5e/1",
 *  "tenant": "acme", "from_state": "RUNNING", "to_state": "SUCCEEDED", "node_id": "edge-fra-1",
 *  "node_region": "de-fra", "gpus": 1, "energy_wh": 125.5,
 *  "cost": {"amount": 0.031, "currency": "EUR"}, "exit_code": 0, "message": "exited with code 0"}
 * }</pre>
 *
 * {@code from_state} is absent on SUBMITTED, {@code cost} when the energy was not priced, {@code
 * exit_code} when no attempt ended.
 */
public final class JobEventJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobEventJson() {}

  public static String format(JobEvent e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("event_id", e.eventId());
    n.put("type", e.type().name());
    n.put("time", e.time().toString());
    n.put("job_id", e.jobId());
    n.put("job_version", e.jobVersion());
    n.put("attempt_id", e.attemptId());
    n.put("tenant", e.tenant());
    if (e.fromState() != null) {
      n.put("from_state", e.fromState().name());
    }
    n.put("to_state", e.toState().name());
    n.put("node_id", e.nodeId());
    n.put("node_region", e.nodeRegion());
    n.put("gpus", e.gpus());
    n.put("energy_wh", e.energyWh());
    if (!e.currency().isEmpty()) {
      n.putObject("cost").put("amount", e.cost()).put("currency", e.currency());
    }
    if (e.exitCode() != null) {
      n.put("exit_code", e.exitCode());
    }
    n.put("message", e.message());
    return n.toString();
  }

  /**
   * Reads a record value written by {@link #format}.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static JobEvent parse(String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("job event is not JSON: " + e.getOriginalMessage());
    }
    if (!(n instanceof ObjectNode)) {
      throw new IllegalArgumentException("job event must be a JSON object, got: " + json);
    }
    JsonNode cost = n.path("cost");
    return new JobEvent(
        text(n, "event_id"),
        JobEventType.valueOf(text(n, "type")),
        time(text(n, "time")),
        text(n, "job_id"),
        n.path("job_version").asLong(),
        n.path("attempt_id").asText(""),
        n.path("tenant").asText(""),
        n.hasNonNull("from_state") ? JobState.valueOf(n.get("from_state").asText()) : null,
        JobState.valueOf(text(n, "to_state")),
        n.path("node_id").asText(""),
        n.path("node_region").asText(""),
        n.path("gpus").asInt(),
        n.path("energy_wh").asDouble(),
        cost.path("amount").asDouble(),
        cost.path("currency").asText(""),
        n.hasNonNull("exit_code") ? n.get("exit_code").asInt() : null,
        n.path("message").asText(""));
  }

  private static Instant time(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "job event field 'time': '%s' is not an ISO-8601 instant".formatted(text));
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("job event field '" + field + "' is missing or empty");
    }
    return v.asText();
  }
}
