package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stall limits that make no sense stop start-up, naming the key and the value. */
class StallLimitsTest {
  @Test
  void theDefaultsPass() {
    assertThatCode(() -> new StallLimits(Duration.ofSeconds(30), Duration.ofMinutes(2)))
        .doesNotThrowAnyException();
  }

  @Test
  void aRestartBeforeTheLeaderReportsUnreadyIsRefused() {
    assertThatThrownBy(() -> new StallLimits(Duration.ofSeconds(30), Duration.ofSeconds(10)))
        .hasMessage(
            "lastmile.health.stall-restart-after: PT10S must be at least"
                + " lastmile.health.stall-unready-after (PT30S)");
  }

  @Test
  void aZeroUnreadyLimitIsRefused() {
    assertThatThrownBy(() -> new StallLimits(Duration.ZERO, Duration.ofMinutes(2)))
        .hasMessage("lastmile.health.stall-unready-after: must be positive, got PT0S");
  }
}
