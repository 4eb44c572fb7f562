package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T06:00:00.250Z");
  private static final Instant T1 = Instant.parse("2026-11-23T06:05:00Z");

  @Test
  void transitionTimeChangesOnlyWhenTheStatusChanges() {
    List<KubeCondition> first =
        Conditions.settle(null, List.of(scheduled(false), running(false)), 1L, T0);
    assertThat(first).extracting(c -> c.lastTransitionTime).containsOnly("2026-11-23T06:00:00Z");

    List<KubeCondition> later =
        Conditions.settle(first, List.of(scheduled(true), running(false)), 2L, T1);
    assertThat(later.get(0).lastTransitionTime).isEqualTo("2026-11-23T06:05:00Z");
    assertThat(later.get(1).lastTransitionTime).isEqualTo("2026-11-23T06:00:00Z");
    assertThat(later).extracting(c -> c.observedGeneration).containsOnly(2L);
  }

  @ParameterizedTest
  @CsvSource({
    "INSUFFICIENT_GPUS, InsufficientGpus",
    "NOT_READY, NotReady",
    "RUNNING, Running",
    "NO_NODES, NoNodes"
  })
  void reasonsAreCodesInCamelCase(String code, String reason) {
    assertThat(Conditions.reason(code)).isEqualTo(reason);
  }

  private static KubeCondition scheduled(boolean placed) {
    return placed
        ? KubeCondition.of("Scheduled", KubeCondition.Status.TRUE, "Placed", "on n1")
        : KubeCondition.of("Scheduled", KubeCondition.Status.FALSE, "NoNodes", "no node");
  }

  private static KubeCondition running(boolean running) {
    return KubeCondition.of(
        "Running",
        running ? KubeCondition.Status.TRUE : KubeCondition.Status.FALSE,
        running ? "Started" : "Pending",
        "");
  }
}
