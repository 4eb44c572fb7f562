package io.lastmile.controlplane.domain;

import java.util.Map;

/**
 * A job's own say in how candidate nodes are ranked, over its class's defaults.
 *
 * @param weights scorer weights by scorer name (for example {@code energy-cost}), each replacing
 *     the class's weight for that scorer; empty for none
 * @param packing how the job's GPUs are laid out over nodes; null for the scheduler's default
 */
public record JobScoring(Map<String, Double> weights, PackingPolicy packing) {
  /** No overrides: the class's weights and the scheduler's packing policy. */
  public static final JobScoring DEFAULTS = new JobScoring(Map.of(), null);

  public JobScoring {
    weights = Map.copyOf(weights);
  }

  public boolean isDefault() {
    return weights.isEmpty() && packing == null;
  }
}
