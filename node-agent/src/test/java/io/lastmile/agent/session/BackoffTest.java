package io.lastmile.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsGrowUpToTheMaximumWithJitterAndResetAfterSuccess() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new Random(1));

    for (int failure = 0; failure < 12; failure++) {
      long capMs = Math.min(30_000, 500L << failure);
      assertThat(backoff.next().toMillis()).isBetween(500L, capMs);
    }
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void whileAttemptsRunAWaitStaysWithinASixthOfTheLease() {
    Duration lease = Duration.ofSeconds(54);
    assertThat(Backoff.withinLease(Duration.ofSeconds(29), lease, true))
        .isEqualTo(Duration.ofSeconds(9));
    assertThat(Backoff.withinLease(Duration.ofSeconds(2), lease, true))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.withinLease(Duration.ofSeconds(29), lease, false))
        .as("nothing runs: the full back-off")
        .isEqualTo(Duration.ofSeconds(29));
    assertThat(Backoff.withinLease(Duration.ofSeconds(29), Duration.ZERO, true))
        .as("no lease granted yet")
        .isEqualTo(Duration.ofSeconds(29));
  }
}
