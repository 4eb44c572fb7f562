package io.lastmile.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SubmitRateLimiterTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void aTenantMaySubmitItsBurstThenWaitsForTheRefill() {
    SubmitRateLimiter limiter = new SubmitRateLimiter(2, 3, clock);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("acme");
    }

    SubmitRateLimiter.RateLimitedException refused =
        catchThrowableOfType(
            () -> limiter.acquire("acme"), SubmitRateLimiter.RateLimitedException.class);

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
    assertThat(refused).hasMessageContaining("tenant acme submits faster than 2.0 jobs a second");
    now = now.plusMillis(500);
    limiter.acquire("acme");
  }

  @Test
  void tenantsHaveTheirOwnBuckets() {
    SubmitRateLimiter limiter = new SubmitRateLimiter(1, 1, clock);
    limiter.acquire("acme");

    limiter.acquire("globex");
    assertThatThrownBy(() -> limiter.acquire("acme"))
        .isInstanceOf(SubmitRateLimiter.RateLimitedException.class);
  }

  @Test
  void badSettingsNameTheirKey() {
    assertThatThrownBy(() -> new SubmitRateLimiter(0, 1, clock))
        .hasMessageContaining("lastmile.auth.submit-rate.per-second");
    assertThatThrownBy(() -> new SubmitRateLimiter(1, 0, clock))
        .hasMessageContaining("lastmile.auth.submit-rate.burst");
  }
}
