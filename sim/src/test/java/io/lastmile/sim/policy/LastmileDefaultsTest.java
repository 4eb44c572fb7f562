package io.lastmile.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.PackingPolicy;
import java.io.StringReader;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LastmileDefaultsTest {

  @Test
  void readsWeightsClassWeightsAndDeferralFromProperties() throws Exception {
    Properties p = new Properties();
    p.load(
        new StringReader(
            """
            lastmile.scheduler.weights.round-trip=1.0
            lastmile.scheduler.weights.energy-cost=2
            lastmile.scheduler.class-weights.deferrable.energy-cost=3.0
            lastmile.scheduler.deferral.deadline-margin=10m
            """));

    LastmileDefaults d = LastmileDefaults.of(p);

    assertThat(d.weights()).containsEntry("round-trip", 1.0).containsEntry("energy-cost", 2.0);
    assertThat(d.classWeights().get(JobClass.DEFERRABLE)).containsEntry("energy-cost", 3.0);
    assertThat(d.packing()).isEqualTo(PackingPolicy.BIN_PACK);
    assertThat(d.minSaving()).isEqualTo(0.15);
    assertThat(d.deadlineMargin()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void theControlPlanesOwnFileIsOnTheClassPath() {
    assertThat(LastmileDefaults.load().weights()).containsKeys("round-trip", "energy-cost");
  }
}
