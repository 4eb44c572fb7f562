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
}
