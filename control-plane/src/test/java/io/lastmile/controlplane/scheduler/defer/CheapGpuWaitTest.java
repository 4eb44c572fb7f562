package io.lastmile.controlplane.scheduler.defer;

import static io.lastmile.controlplane.scheduler.Fixtures.NOW;
import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheapGpuWaitTest {
  private static final NodeSnapshot DE = node("de-1").in("de-fra").build();
  private static final NodeSnapshot FR = node("fr-1").in("fr-par").build();
  private static final Scheduler SCHEDULER = Fixtures.scheduler(1, 1, 0);
  private final CheapGpuWait wait = new CheapGpuWait(0.3, Duration.ofMinutes(30), Fixtures.ENERGY);

  private static ClusterView view(double dePrice, double frPrice) {
    return Fixtures.view(
        Fixtures.latency("de-fra", "fr-par", 10.0),
        Fixtures.flatPrices("DE", dePrice, "FR", frPrice),
        DE,
        FR);
  }

  private static SchedulingRequest interruptible() {
    return job().jobClass(JobClass.INTERRUPTIBLE).build();
  }

  @Test
  void interruptibleJobWaitsForANodeThatRunsItMuchCheaper() {
    Deferral d = wait.decide(interruptible(), DE.info(), NOW, view(100, 20), SCHEDULER);

    assertThat(d).isInstanceOf(Deferral.WaitUntil.class);
    Deferral.WaitUntil w = (Deferral.WaitUntil) d;
    assertThat(w.startAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    assertThat(w.savingFraction()).isCloseTo(0.8, within(1e-9));
    assertThat(w.reason())
        .isEqualTo(
            "waits for a GPU in FR: 0.0014 EUR there instead of 0.0072 in DE saves 80%; takes any"
                + " GPU from 2025-03-01T10:30:00Z");
  }

  @Test
  void startsOnAnyGpuOnceItHasWaitedTheLongestItMay() {
    Deferral d =
        wait.decide(
            interruptible(),
            DE.info(),
            NOW.minus(Duration.ofMinutes(30)),
            view(100, 20),
            SCHEDULER);

    assertThat(d.reason())
        .isEqualTo(
            "starts now: submitted at 2025-03-01T09:30:00Z, it waits for a cheaper GPU no longer"
                + " than PT30M");
  }

  @Test
  void startsNowWhenTheCheapestNodeSavesLessThanTheThreshold() {
    Deferral d = wait.decide(interruptible(), DE.info(), NOW, view(100, 75), SCHEDULER);

    assertThat(d.reason())
        .isEqualTo("starts now: no node that could host it is 30% cheaper than DE");
  }

  @Test
  void aCheapNodeTheJobMayNeverUseIsNotWaitedFor() {
    SchedulingRequest onlyGermany = job().jobClass(JobClass.INTERRUPTIBLE).within("DE").build();

    assertThat(wait.decide(onlyGermany, DE.info(), NOW, view(100, 20), SCHEDULER))
        .isInstanceOf(Deferral.StartNow.class);
  }

  @Test
  void otherClassesAndAZeroMaxWaitNeverWait() {
    SchedulingRequest standard = job().build();
    CheapGpuWait off = new CheapGpuWait(0.3, Duration.ZERO, Fixtures.ENERGY);

    assertThat(wait.decide(standard, DE.info(), NOW, view(100, 20), SCHEDULER))
        .isInstanceOf(Deferral.StartNow.class);
    assertThat(off.decide(interruptible(), DE.info(), NOW, view(100, 20), SCHEDULER))
        .isInstanceOf(Deferral.StartNow.class);
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new CheapGpuWait(1.5, Duration.ofMinutes(30), Fixtures.ENERGY))
        .hasMessageContaining("lastmile.scheduler.interruptible-wait.min-saving")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> new CheapGpuWait(0.3, Duration.ofMinutes(-1), Fixtures.ENERGY))
        .hasMessageContaining("lastmile.scheduler.interruptible-wait.max-wait");
  }
}
