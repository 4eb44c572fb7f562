package io.lastmile.controlplane.scheduler;

import java.util.List;

/** How one feasible node scored for a job. */
public record CandidateScore(String nodeId, String region, double total, List<Component> parts) {

  public CandidateScore {
    parts = List.copyOf(parts);
  }

  /** One scorer's contribution: raw value in its unit, normalised [0, 1], and weight. */
  public record Component(
      String scorer, double raw, String unit, double normalized, double weight) {}
}
