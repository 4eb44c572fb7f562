package io.lastmile.controlplane.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * Everything the dashboard shows of one job: what it asks for, why it is where it is, its attempts
 * and events, and what its last attempt printed.
 *
 * @param explanation its last scheduling decision; null before the first one
 * @param deferral for a deferred pending job, when it starts and what waiting saves; null otherwise
 * @param attempts its attempts the control plane saw since its own start, oldest first
 * @param events its changes of state or attempt since then, oldest first
 * @param logTail the last lines its last finished attempt printed; empty when none was reported
 */
@RegisterForReflection
public record JobDetailView(
    JobView job,
    Spec spec,
    Explanation explanation,
    Wait deferral,
    List<Attempt> attempts,
    List<Event> events,
    String logTail) {

  /**
   * @param gpuMemoryMiB free memory asked for on each GPU; 0 for any
   * @param gpuModel part of the GPU model asked for; empty for any
   * @param maxRttMs largest round trip from {@code originRegion}; 0 for no bound
   * @param deadline latest start of a deferrable job (ISO-8601 UTC); null for none
   * @param expectedDurationS expected run time in seconds, used to estimate energy
   */
  @RegisterForReflection
  public record Spec(
      String command,
      List<String> args,
      String image,
      int gpuCount,
      long gpuMemoryMiB,
      String gpuModel,
      String jobClass,
      int priority,
      String originRegion,
      double maxRttMs,
      List<String> allowedJurisdictions,
      Map<String, String> labelSelector,
      String deadline,
      long expectedDurationS,
      int maxAttempts,
      String tenant) {}

  /**
   * @param rejections for a pending job, why nodes were rejected, the reason that blocks it first
   * @param candidates for a placed job, the best nodes, best first
   */
  @RegisterForReflection
  public record Explanation(
      String summary,
      int nodesConsidered,
      List<RejectionRow> rejections,
      List<CandidateRow> candidates) {}

  /**
   * @param detail the rejection that came closest to passing, in words
   */
  @RegisterForReflection
  public record RejectionRow(String reason, int nodes, String detail) {}

  @RegisterForReflection
  public record CandidateRow(String nodeId, String region, double total, List<ScoreRow> parts) {}

  /**
   * @param raw the scorer's value in {@code unit}
   * @param normalized the value scaled over the feasible nodes, in [0, 1]
   */
  @RegisterForReflection
  public record ScoreRow(
      String scorer, double raw, String unit, double normalized, double weight) {}

  /**
   * @param startAt when the job is to start (ISO-8601 UTC)
   * @param savingFraction what waiting saves, as a fraction of the cost of starting now
   * @param savingAmount what waiting saves, in {@code currency}
   */
  @RegisterForReflection
  public record Wait(
      String startAt, double savingFraction, double savingAmount, String currency, String reason) {}

  /**
   * @param placedTime when it was bound to its node; the times are ISO-8601 UTC, null when unknown
   * @param energyWh IT energy it used (so far, while it runs)
   * @param cost that energy's cost in {@code currency}; null when unknown
   */
  @RegisterForReflection
  public record Attempt(
      String id,
      String nodeId,
      String region,
      String state,
      String placedTime,
      String startTime,
      String endTime,
      Integer exitCode,
      double energyWh,
      Double cost,
      String currency) {}

  @RegisterForReflection
  public record Event(String time, String state, String attemptId, String nodeId, String message) {}
}
