package io.lastmile.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PowerSamplerTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** Two simulated L4s drawing 7.2 W each (a tenth of their 72 W limit). */
  private final SimulatedInventory twoL4 = SimulatedInventory.parse("2xL4:23034:72");

  private final ManualClock clock = new ManualClock();
  private final EnergyMeter meter = new EnergyMeter();

  @Test
  void samplesFeedTheMeterAndDetachTakesAFinalSample() {
    PowerSampler sampler = new PowerSampler(twoL4, meter, clock, Duration.ofSeconds(1));
    sampler.attach("a", Set.of(0, 1));
    sampler.sampleNow();
    clock.advance(Duration.ofMinutes(30));
    sampler.sampleNow();

    assertThat(meter.energyWh("a")).isCloseTo(7.2, within(1e-9));

    clock.advance(Duration.ofMinutes(30));
    assertThat(sampler.detach("a")).isCloseTo(14.4, within(1e-9));
  }

  @Test
  void keepsTheLatestReadingsForHeartbeats() {
    PowerSampler sampler = new PowerSampler(twoL4, meter, clock, Duration.ofSeconds(1));
    assertThat(sampler.latest()).isEmpty();
    assertThat(sampler.latestAt()).isEmpty();

    sampler.sampleNow();

    assertThat(sampler.latest()).isEqualTo(twoL4.read());
    assertThat(sampler.latestAt()).contains(clock.instant());
    assertThat(sampler.lastFailure()).isEmpty();
  }

  @Test
  void failedReadingIsAGapAndIsReported() {
    AtomicBoolean broken = new AtomicBoolean();
    GpuInventory flaky =
        new Wrapped(twoL4) {
          @Override
          public List<GpuReading> read() {
            if (broken.get()) {
              throw new NvidiaSmiException("nvidia-smi did not answer within 5000 ms");
            }
            return super.read();
          }
        };
    PowerSampler sampler = new PowerSampler(flaky, meter, clock, Duration.ofSeconds(1));
    sampler.attach("a", Set.of(0));
    sampler.sampleNow();
    clock.advance(Duration.ofMinutes(30));
    broken.set(true);
    sampler.sampleNow();
    clock.advance(Duration.ofMinutes(30));
    broken.set(false);
    sampler.sampleNow();

    assertThat(meter.energyWh("a")).isZero();
    assertThat(sampler.lastFailure()).isEmpty();

    broken.set(true);
    sampler.sampleNow();
    assertThat(sampler.lastFailure()).contains("nvidia-smi did not answer within 5000 ms");
    assertThat(sampler.latest()).hasSize(2);
  }

  @Test
  void startSamplesPeriodicallyUntilStopped() {
    AtomicInteger reads = new AtomicInteger();
    GpuInventory counting =
        new Wrapped(twoL4) {
          @Override
          public List<GpuReading> read() {
            reads.incrementAndGet();
            return super.read();
          }
        };
    PowerSampler sampler =
        new PowerSampler(counting, meter, Clock.systemUTC(), Duration.ofMillis(10));

    sampler.start();
    sampler.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 3);
    sampler.stop();
    int afterStop = reads.get();

    await()
        .pollDelay(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(1))
        .until(() -> reads.get() <= afterStop + 1);
    assertThat(sampler.latest()).hasSize(2);
  }

  /** Delegates to another inventory; tests override {@link #read()}. */
  private static class Wrapped implements GpuInventory {
    private final GpuInventory delegate;

    Wrapped(GpuInventory delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<GpuReading> read() {
      return delegate.read();
    }

    @Override
    public boolean simulated() {
      return delegate.simulated();
    }

    @Override
    public String describe() {
      return delegate.describe();
    }
  }
}
