package io.lastmile.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.policy.LastmileDefaults;
import io.lastmile.sim.policy.Policies;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  private static final long T0 = TinyWorld.T0.toEpochMilli();

  @Test
  void aJobWaitsForTheGpuUntilThePreviousRunReleasesIt() {
    TinyWorld w =
        new TinyWorld(h -> 100, h -> 10)
            .job(JobClass.LATENCY_CRITICAL, "0M", "1H")
            .job(JobClass.LATENCY_CRITICAL, "30M", "1H");

    Simulation.Run run = w.run(Policies.nearest());

    assertThat(run.outcomes().get(0).startMs()).isEqualTo(T0);
    assertThat(run.outcomes().get(1).startMs()).isEqualTo(T0 + HOUR_MS);
    assertThat(run.outcomes()).allSatisfy(o -> assertThat(o.siteIndex()).isZero());
    // 1 kWh at 100 USD/MWh each.
    assertThat(run.outcomes().get(1).costBase()).isCloseTo(0.1, within(1e-9));
    assertThat(run.outcomes().get(1).siteWh()).isCloseTo(1000, within(1e-9));
  }

  @Test
  void latencyBlindPolicyTakesTheCheapFarSiteAndMissesTheBound() {
    TinyWorld w = new TinyWorld(h -> 100, h -> 10).job(JobClass.LATENCY_CRITICAL, "0M", "1H");

    Summary cheapest = Summary.of(w.run(Policies.cheapest()), w.jobs(), 2);
    Summary lastmile = Summary.of(w.run(TinyWorld.lastmile()), w.jobs(), 2);

    assertThat(cheapest.cost()).isCloseTo(0.01, within(1e-9));
    assertThat(cheapest.attainment()).isZero();
    assertThat(cheapest.rttP50Ms()).isEqualTo(100);
    assertThat(lastmile.cost()).isCloseTo(0.1, within(1e-9));
    assertThat(lastmile.attainment()).isEqualTo(1);
  }

  @Test
  void lastmileDefersBatchWorkToTheCheapHoursBeforeItsDeadline() {
    // 100 USD/MWh until 06:00, 40 after; the job may start until 12:00.
    TinyWorld w =
        new TinyWorld(h -> h < 6 ? 100 : 40, h -> 500).job(JobClass.DEFERRABLE, "0M", "1H");

    Simulation.Run nearest = w.run(Policies.nearest());
    Simulation.Run lastmile = w.run(TinyWorld.lastmile());

    assertThat(nearest.outcomes().get(0).startMs()).isEqualTo(T0);
    assertThat(nearest.outcomes().get(0).costBase()).isCloseTo(0.1, within(1e-9));
    assertThat(lastmile.outcomes().get(0).startMs()).isEqualTo(T0 + 6 * HOUR_MS);
    assertThat(lastmile.outcomes().get(0).costBase()).isCloseTo(0.04, within(1e-9));
    assertThat(Summary.of(lastmile, w.jobs(), 2).deferralMeanMin()).isEqualTo(360);
  }

  @Test
  void latencyCriticalJobPreemptsInterruptibleWorkWhichRunsAgainFromScratch() {
    TinyWorld w =
        new TinyWorld(h -> 100, h -> 100)
            .job(JobClass.INTERRUPTIBLE, "0M", "2H")
            .job(JobClass.INTERRUPTIBLE, "0M", "2H")
            .job(JobClass.LATENCY_CRITICAL, "30M", "1H");

    Simulation.Run run = w.run(TinyWorld.lastmile());

    // Both sites are busy with background work at 00:30; the urgent job may only use DEAR.
    assertThat(run.preemptions()).isEqualTo(1);
    JobOutcome urgent = run.outcomes().get(2);
    assertThat(urgent.startMs()).isEqualTo(T0 + HOUR_MS / 2);
    assertThat(urgent.siteIndex()).isZero();
    JobOutcome victim =
        run.outcomes().get(0).preempted() == 1 ? run.outcomes().get(0) : run.outcomes().get(1);
    // Half an hour lost, then the whole run again once the urgent job is done at 01:30.
    assertThat(victim.startMs()).isEqualTo(T0 + 3 * HOUR_MS / 2);
    assertThat(victim.siteWh()).isCloseTo(2500, within(1e-9));
  }

  @Test
  void lastmileKeepsInterruptibleWorkQueuedBrieflyForACheapGpuThenTakesAnyGpu() throws Exception {
    // Two 20-minute background jobs; CHEAP is a tenth of DEAR's price and has one GPU.
    TinyWorld w =
        new TinyWorld(h -> 100, h -> 10)
            .job(JobClass.INTERRUPTIBLE, "0M", "20M")
            .job(JobClass.INTERRUPTIBLE, "0M", "20M");

    Simulation.Run waits = w.run(Policies.lastmile(defaults("30m")));
    Simulation.Run brief = w.run(Policies.lastmile(defaults("10m")));

    assertThat(waits.outcomes()).allSatisfy(o -> assertThat(o.siteIndex()).isEqualTo(1));
    assertThat(waits.outcomes().get(1).startMs()).isEqualTo(T0 + 20 * 60_000);
    // Waiting at most 10 minutes, it takes the dear GPU at 00:10.
    assertThat(brief.outcomes().get(1).siteIndex()).isZero();
    assertThat(brief.outcomes().get(1).startMs()).isEqualTo(T0 + 10 * 60_000);
  }

  /** The control plane's defaults, with interruptible work placed by price alone. */
  private static LastmileDefaults defaults(String maxWait) throws Exception {
    Properties p = new Properties();
    try (InputStream in =
        SimulationTest.class.getClassLoader().getResourceAsStream("application.properties")) {
      p.load(in);
    }
    p.setProperty("lastmile.scheduler.class-weights.interruptible.round-trip", "0");
    p.setProperty("lastmile.scheduler.interruptible-wait.max-wait", maxWait);
    return LastmileDefaults.of(p);
  }
}
