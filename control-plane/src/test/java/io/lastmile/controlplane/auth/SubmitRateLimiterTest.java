package io.lastmile.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lastmile.controlplane.domain.RateLimitedException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class SubmitRateLimiterTest {
  private long nowMillis = 1_000_000;
  private final LongSupplier clock = () -> nowMillis;

  @Test
  void aTenantMaySubmitItsBurstThenWaitsForTheRefill() {
    SubmitRateLimiter limiter = new SubmitRateLimiter(2, 3, clock);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("acme");
    }

    RateLimitedException refused =
        catchThrowableOfType(() -> limiter.acquire("acme"), RateLimitedException.class);

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
    assertThat(refused).hasMessageContaining("tenant acme submits faster than 2.0 jobs a second");
    nowMillis += 500;
    limiter.acquire("acme");
  }

  @Test
  void tenantsHaveTheirOwnBuckets() {
    SubmitRateLimiter limiter = new SubmitRateLimiter(1, 1, clock);
    limiter.acquire("acme");

    limiter.acquire("globex");
    assertThatThrownBy(() -> limiter.acquire("acme")).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void badSettingsNameTheirKey() {
    assertThatThrownBy(() -> new SubmitRateLimiter(0, 1, clock))
        .hasMessageContaining("lastmile.auth.submit-rate.per-second");
    assertThatThrownBy(() -> new SubmitRateLimiter(1, 0, clock))
        .hasMessageContaining("lastmile.auth.submit-rate.burst");
  }
}
