package io.lastmile.controlplane.scheduler.preempt;

import static io.lastmile.controlplane.scheduler.Fixtures.NOW;
import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreemptionPlannerTest {
  private final PreemptionPlanner planner =
      new PreemptionPlanner(Fixtures.scheduler(1, 1, 1), GpuPowerModel.defaults());
  private final ClusterView fourGpusFull =
      Fixtures.view(
          Fixtures.latency("sg-sin", "my-kul", 8),
          Fixtures.flatPrices("SG", 100),
          node("sg-a").gpus(4, "L4", 24_576, 72).allocated(0, 1, 2, 3).build());
  private final SchedulingRequest urgentTwoGpus =
      job().jobClass(JobClass.LATENCY_CRITICAL).gpus(2, 0).build();

  private static RunningAttempt interruptible(String id, int gpu, int priority, Instant started) {
    return RunningAttempt.onGpus(
        id, "job-" + id, "sg-a", List.of(gpu), JobClass.INTERRUPTIBLE, priority, started);
  }

  @Test
  void picksTheLowestPrioritiesWhenTwoVictimsAreNeeded() {
    Instant t = NOW.minus(Duration.ofHours(1));
    var running =
        Map.of(
            "sg-a",
            List.of(
                interruptible("p9", 0, 9, t),
                interruptible("p1", 1, 1, t),
                interruptible("p2", 2, 2, t),
                interruptible("p5", 3, 5, t)));

    PreemptionPlan plan = planner.plan(urgentTwoGpus, fourGpusFull, running).orElseThrow();

    assertThat(plan.victims()).extracting(RunningAttempt::attemptId).containsExactly("p1", "p2");
    assertThat(plan.gpuIndices()).containsExactly(1, 2);
  }

  @Test
  void amongEqualPrioritiesStopsTheYoungest() {
    var running =
        Map.of(
            "sg-a",
            List.of(
                interruptible("old", 0, 1, NOW.minus(Duration.ofHours(5))),
                interruptible("new", 1, 1, NOW.minus(Duration.ofMinutes(1))),
                interruptible("newer", 2, 1, NOW.minus(Duration.ofSeconds(10))),
                interruptible("older", 3, 1, NOW.minus(Duration.ofHours(6)))));

    PreemptionPlan plan = planner.plan(urgentTwoGpus, fourGpusFull, running).orElseThrow();

    assertThat(plan.victims())
        .extracting(RunningAttempt::attemptId)
        .containsExactly("newer", "new");
  }

  @Test
  void nonePlannedWhenOnlyProtectedWorkRunsOrTheJobIsNotLatencyCritical() {
    var standard =
        Map.of(
            "sg-a",
            List.of(
                RunningAttempt.onGpus(
                    "s", "job-s", "sg-a", List.of(0, 1, 2, 3), JobClass.STANDARD, 0, NOW)));
    var interruptibleOnly =
        Map.of("sg-a", List.of(interruptible("i", 0, 0, NOW), interruptible("j", 1, 0, NOW)));

    assertThat(planner.plan(urgentTwoGpus, fourGpusFull, standard)).isEmpty();
    assertThat(planner.plan(job().gpus(2, 0).build(), fourGpusFull, interruptibleOnly)).isEmpty();
  }

  @Test
  void freedGpusMustStillPassEveryOtherFilter() {
    SchedulingRequest farAway =
        job().jobClass(JobClass.LATENCY_CRITICAL).gpus(1, 0).from("my-kul", 5).build();
    var running = Map.of("sg-a", List.of(interruptible("i", 0, 0, NOW)));

    assertThat(planner.plan(farAway, fourGpusFull, running)).isEmpty();
  }
}
