package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.JobClass;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Weight of each scorer, per job class. Validated once, when the scheduler is built. */
public final class ScoreWeights {
  private final Map<JobClass, Map<String, Double>> byClass;

  private ScoreWeights(Map<JobClass, Map<String, Double>> byClass) {
    this.byClass = byClass;
  }

  /** The same weights for every class. */
  public static ScoreWeights uniform(Map<String, Double> weights) {
    Map<JobClass, Map<String, Double>> m = new EnumMap<>(JobClass.class);
    for (JobClass c : JobClass.values()) {
      m.put(c, Map.copyOf(weights));
    }
    return new ScoreWeights(m);
  }

  public static ScoreWeights of(Map<JobClass, Map<String, Double>> byClass) {
    Map<JobClass, Map<String, Double>> m = new EnumMap<>(JobClass.class);
    byClass.forEach((c, w) -> m.put(c, Map.copyOf(w)));
    return new ScoreWeights(m);
  }

  public double weight(JobClass jobClass, String scorer) {
    return byClass.getOrDefault(jobClass, Map.of()).getOrDefault(scorer, 0.0);
  }

  /**
   * Fails when a weight names an unknown scorer, is negative or not finite, or a class has no
   * positive weight at all.
   */
  void validate(List<String> scorerNames) {
    List<String> problems = new ArrayList<>();
    for (JobClass c : JobClass.values()) {
      Map<String, Double> w = byClass.getOrDefault(c, Map.of());
      w.forEach(
          (name, value) -> {
            if (!scorerNames.contains(name)) {
              problems.add(
                  "weight for %s names unknown scorer '%s' (known: %s)"
                      .formatted(c, name, scorerNames));
            }
            if (!(value >= 0) || value.isInfinite()) {
              problems.add(
                  "weight %s.%s must be a finite number >= 0, got %s".formatted(c, name, value));
            }
          });
      if (w.values().stream().noneMatch(v -> v > 0)) {
        problems.add("class %s has no positive scorer weight".formatted(c));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
