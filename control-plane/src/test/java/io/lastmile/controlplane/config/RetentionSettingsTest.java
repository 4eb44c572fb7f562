package io.lastmile.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.store.Retention;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {
  @Test
  void noFinishedJobInMemoryIsAValidChoice() {
    assertThat(ControlPlaneBeans.retention(0, Duration.ZERO))
        .isEqualTo(new Retention(0, Duration.ZERO));
  }

  @Test
  void aNegativeCountStopsStartUpNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> ControlPlaneBeans.retention(-1, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lastmile.retention.finished-jobs must be at least 0, got -1");
  }

  @Test
  void aNegativeAgeStopsStartUpNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> ControlPlaneBeans.retention(10, Duration.ofMinutes(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lastmile.retention.finished-age must not be negative, got PT-5M");
  }
}
