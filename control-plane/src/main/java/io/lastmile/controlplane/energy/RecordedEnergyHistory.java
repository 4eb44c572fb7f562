package io.lastmile.controlplane.energy;

import io.lastmile.controlplane.domain.JobSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The energy and run time of the last successful runs of each named job, kept in memory. Runs of
 * the same name with another GPU count are another job: energy scales with the GPUs it holds. An
 * unnamed job has no history. The least recently run names are forgotten past {@code maxJobs}.
 */
public final class RecordedEnergyHistory implements EnergyHistory {
  private final int runsPerJob;
  private final Map<Key, Runs> byJob;

  /**
   * @param runsPerJob how many recent runs the typical run is the mean of
   * @param maxJobs how many distinct jobs are remembered
   */
  public RecordedEnergyHistory(int runsPerJob, int maxJobs) {
    if (runsPerJob < 1 || maxJobs < 1) {
      throw new IllegalArgumentException(
          "runsPerJob and maxJobs must be >= 1, got %d and %d".formatted(runsPerJob, maxJobs));
    }
    this.runsPerJob = runsPerJob;
    this.byJob =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Runs> eldest) {
            return size() > maxJobs;
          }
        };
  }

  /** Records one successful run; runs with no energy or a negative run time are ignored. */
  public synchronized void record(JobSpec spec, double energyWh, Duration runTime) {
    if (spec.name().isEmpty() || !(energyWh > 0) || runTime.isNegative() || runTime.isZero()) {
      return;
    }
    byJob.computeIfAbsent(Key.of(spec), k -> new Runs(runsPerJob)).add(energyWh, runTime);
  }

  @Override
  public synchronized OptionalDouble energyWh(JobSpec spec) {
    Runs runs = byJob.get(Key.of(spec));
    return runs == null ? OptionalDouble.empty() : OptionalDouble.of(runs.meanWh());
  }

  @Override
  public synchronized Optional<Duration> runTime(JobSpec spec) {
    Runs runs = byJob.get(Key.of(spec));
    return runs == null ? Optional.empty() : Optional.of(runs.meanRunTime());
  }

  private record Key(String name, int gpuCount) {
    static Key of(JobSpec spec) {
      return new Key(spec.name(), spec.resources().gpuCount());
    }
  }

  /** A ring of the most recent runs. */
  private static final class Runs {
    private final double[] wh;
    private final long[] millis;
    private int next;
    private int count;

    Runs(int capacity) {
      wh = new double[capacity];
      millis = new long[capacity];
    }

    void add(double energyWh, Duration runTime) {
      wh[next] = energyWh;
      millis[next] = runTime.toMillis();
      next = (next + 1) % wh.length;
      count = Math.min(count + 1, wh.length);
    }

    double meanWh() {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += wh[i];
      }
      return sum / count;
    }

    Duration meanRunTime() {
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += millis[i];
      }
      return Duration.ofMillis(sum / count);
    }
  }
}
