package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.JobClass;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weight of each scorer, per job class, with per-job overrides. Validated once, when the scheduler
 * is built; a job's overrides are validated when the job is submitted.
 */
public final class ScoreWeights {
  private final Map<JobClass, Map<String, Double>> byClass;

  private ScoreWeights(Map<JobClass, Map<String, Double>> byClass) {
    this.byClass = byClass;
  }

  /** The same weights for every class. */
  public static ScoreWeights uniform(Map<String, Double> weights) {
    return of(weights, Map.of());
  }

  public static ScoreWeights of(Map<JobClass, Map<String, Double>> byClass) {
    return of(Map.of(), byClass);
  }

  /**
   * Defaults for every class, replaced scorer by scorer by the weights given for a class; for
   * example {@code defaults = {round-trip=1, energy-cost=1}} and {@code DEFERRABLE =
   * {energy-cost=3}} gives deferrable jobs {@code {round-trip=1, energy-cost=3}}.
   */
  public static ScoreWeights of(
      Map<String, Double> defaults, Map<JobClass, Map<String, Double>> byClass) {
    Map<JobClass, Map<String, Double>> m = new EnumMap<>(JobClass.class);
    for (JobClass c : JobClass.values()) {
      Map<String, Double> merged = new HashMap<>(defaults);
      merged.putAll(byClass.getOrDefault(c, Map.of()));
      m.put(c, Map.copyOf(merged));
    }
    return new ScoreWeights(m);
  }

  public double weight(JobClass jobClass, String scorer) {
    return byClass.getOrDefault(jobClass, Map.of()).getOrDefault(scorer, 0.0);
  }

  /** Weights of {@code scorers}, in that order, for a job of a class with its own overrides. */
  double[] resolve(JobClass jobClass, Map<String, Double> overrides, List<String> scorers) {
    double[] out = new double[scorers.size()];
    for (int s = 0; s < out.length; s++) {
      Double own = overrides.get(scorers.get(s));
      out[s] = own != null ? own : weight(jobClass, scorers.get(s));
    }
    return out;
  }

  /**
   * Fails when a weight names an unknown scorer, is negative or not finite, or a class has no
   * positive weight at all.
   */
  void validate(List<String> scorerNames) {
    List<String> problems = new ArrayList<>();
    for (JobClass c : JobClass.values()) {
      Map<String, Double> w = byClass.getOrDefault(c, Map.of());
      problems.addAll(check(c.name(), w, scorerNames));
      if (w.values().stream().noneMatch(v -> v > 0)) {
        problems.add("class %s has no positive scorer weight".formatted(c));
      }
    }
    fail(problems);
  }

  /** Fails when a job's overrides name an unknown scorer or a weight is negative or not finite. */
  void validateOverrides(Map<String, Double> overrides, List<String> scorerNames) {
    fail(check("job", overrides, scorerNames));
  }

  private static List<String> check(String owner, Map<String, Double> w, List<String> known) {
    List<String> problems = new ArrayList<>();
    w.forEach(
        (name, value) -> {
          if (!known.contains(name)) {
            problems.add(
                "weight for %s names unknown scorer '%s' (known: %s)"
                    .formatted(owner, name, known));
          }
          if (value == null || !(value >= 0) || value.isInfinite()) {
            problems.add(
                "weight %s.%s must be a finite number >= 0, got %s".formatted(owner, name, value));
          }
        });
    return problems;
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
