package io.lastmile.controlplane.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rules every condition list of the custom resources follows. */
final class Conditions {
  private Conditions() {}

  /**
   * {@code next} stamped for writing: each condition keeps the transition time it had in {@code
   * old} while its status is unchanged, and takes {@code now} when the status changes or it is new.
   * So a status that is rewritten without change stays byte for byte the same.
   */
  static List<KubeCondition> settle(
      List<KubeCondition> old, List<KubeCondition> next, Long generation, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<KubeCondition> out = new ArrayList<>(next.size());
    for (KubeCondition c : next) {
      KubeCondition was = find(old, c.type);
      c.lastTransitionTime =
          was != null && c.status.equals(was.status) && was.lastTransitionTime != null
              ? was.lastTransitionTime
              : time;
      c.observedGeneration = generation;
      out.add(c);
    }
    return out;
  }

  /**
   * A condition reason made of an upper-case code: {@code INSUFFICIENT_GPUS} → {@code
   * InsufficientGpus}.
   */
  static String reason(String code) {
    StringBuilder out = new StringBuilder(code.length());
    for (String word : code.toLowerCase(Locale.ROOT).split("_")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
      }
    }
    return out.toString();
  }

  private static KubeCondition find(List<KubeCondition> conditions, String type) {
    if (conditions != null) {
      for (KubeCondition c : conditions) {
        if (type.equals(c.type)) {
          return c;
        }
      }
    }
    return null;
  }
}
