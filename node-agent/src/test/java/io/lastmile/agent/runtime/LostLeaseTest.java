package io.lastmile.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real workloads stopped when the agent's lease runs out, except those kept on disconnect. */
class LostLeaseTest {
  @TempDir Path root;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void aLostLeaseStopsAttemptsButThoseKeptOnDisconnect() {
    AttemptRunner runner =
        new AttemptRunner(
            new ProcessDriver(root),
            timer,
            Clock.systemUTC(),
            Duration.ofSeconds(5),
            EnergyTracker.NONE,
            s -> {});
    runner.start(spec("job-a/1", false));
    runner.start(spec("job-b/1", true));
    await().until(() -> runner.runningEnergyWh().size() == 2);

    int stopping = runner.stopForLostLease("lease ran out", Duration.ofMillis(500));

    assertThat(stopping).isOne();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> runner.status("job-a/1").orElseThrow().phase() == AttemptPhase.CANCELLED);
    assertThat(runner.status("job-a/1").orElseThrow().message()).isEqualTo("lease ran out");
    assertThat(runner.status("job-b/1").orElseThrow().phase()).isEqualTo(AttemptPhase.RUNNING);
    // A second expiry does not stop the kept one either.
    assertThat(runner.stopForLostLease("again", Duration.ofMillis(500))).isZero();
    runner.stopAll("test over");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> runner.status("job-b/1").orElseThrow().phase().isTerminal());
  }

  private static AttemptSpec spec(String attemptId, boolean keep) {
    return new AttemptSpec(
        attemptId,
        attemptId.substring(0, attemptId.indexOf('/')),
        1,
        "sleep",
        List.of("60"),
        Map.of(),
        List.of(),
        null,
        keep);
  }
}
