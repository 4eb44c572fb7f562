package io.lastmile.agent.gpu;

import io.lastmile.agent.DaemonExecutors;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the GPUs at a fixed interval, feeds their power to the {@link EnergyMeter} and keeps the
 * latest readings for heartbeats, so one nvidia-smi call serves both.
 *
 * <p>Sampling runs on its own daemon thread: a slow or hung nvidia-smi delays the next sample,
 * never the agent's session with the control plane. A failed reading is recorded as a gap in the
 * meter (no energy is invented across it) and the failure is kept for the heartbeat and logged
 * once.
 */
public final class PowerSampler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PowerSampler.class.getName());

  private final GpuInventory inventory;
  private final EnergyMeter meter;
  private final Clock clock;
  private final Duration interval;

  /** Serialises samples without holding up {@link #stop()} behind a slow nvidia-smi. */
  private final Object sampling = new Object();

  private ScheduledExecutorService executor;
  private volatile List<GpuReading> latest = List.of();
  private volatile Instant latestAt;
  private volatile String lastFailure;

  public PowerSampler(GpuInventory inventory, EnergyMeter meter, Clock clock, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("sampling interval must be positive: " + interval);
    }
    this.inventory = Objects.requireNonNull(inventory);
    this.meter = Objects.requireNonNull(meter);
    this.clock = Objects.requireNonNull(clock);
    this.interval = interval;
  }

  /** Starts sampling now and then every interval; a second call does nothing. */
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor = DaemonExecutors.single("lastmile-power-sampler");
    executor.scheduleWithFixedDelay(
        this::sampleSafely, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops sampling; a sample in progress may finish. */
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Takes one sample now, on the calling thread. */
  public void sampleNow() {
    sampleAt(clock.instant());
  }

  /** Starts metering an attempt from now. */
  public void attach(String attemptId, Set<Integer> gpuIndices) {
    meter.attach(attemptId, gpuIndices, clock.instant());
  }

  /** Samples now, so the attempt's last stretch is measured rather than estimated, and detaches. */
  public double detach(String attemptId) {
    Instant now = clock.instant();
    sampleAt(now);
    return meter.detach(attemptId, now);
  }

  /** The readings of the latest successful sample; empty before the first. */
  public List<GpuReading> latest() {
    return latest;
  }

  /** When the latest successful sample was taken. */
  public Optional<Instant> latestAt() {
    return Optional.ofNullable(latestAt);
  }

  /** Why the most recent sample failed; empty when it succeeded. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  private void sampleAt(Instant now) {
    synchronized (sampling) {
      record(now);
    }
  }

  private void record(Instant now) {
    try {
      List<GpuReading> readings = inventory.read();
      meter.sample(now, powerByIndex(readings, false));
      latest = readings;
      latestAt = now;
      if (lastFailure != null) {
        LOG.log(Level.INFO, "GPU readings recovered from {0}", inventory.describe());
      }
      lastFailure = null;
    } catch (RuntimeException e) {
      meter.sample(now, powerByIndex(latest, true));
      if (!Objects.equals(lastFailure, e.getMessage())) {
        LOG.log(Level.WARNING, "GPU reading failed, energy has a gap until it recovers: {0}", e);
      }
      lastFailure = String.valueOf(e.getMessage());
    }
  }

  /** Exceptions would cancel the schedule; {@link #sampleAt} already records them. */
  private void sampleSafely() {
    try {
      sampleNow();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "power sampling failed", e);
    }
  }

  private static Map<Integer, Double> powerByIndex(List<GpuReading> readings, boolean gap) {
    Map<Integer, Double> power = new HashMap<>();
    readings.forEach(r -> power.put(r.index(), gap ? Double.NaN : r.powerDrawW()));
    return power;
  }
}
