package io.lastmile.bench.swarm;

import io.lastmile.agent.runtime.AttemptPhase;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a hollow attempt runs and how it ends.
 *
 * @param minRunTime shortest run time, drawn uniformly up to {@code maxRunTime}
 * @param failShare share of attempts that end FAILED, 0 to 1
 */
record Workloads(Duration minRunTime, Duration maxRunTime, double failShare) {
  Workloads {
    if (minRunTime.isNegative() || maxRunTime.compareTo(minRunTime) < 0) {
      throw new IllegalArgumentException(
          "--run-time: %s..%s must be 0 or more with the first not above the second"
              .formatted(minRunTime, maxRunTime));
    }
    if (!(failShare >= 0 && failShare <= 1)) {
      throw new IllegalArgumentException(
          "--fail-share must be between 0 and 1 (got %s)".formatted(failShare));
    }
  }

  Duration runTime(RandomGenerator random) {
    long span = maxRunTime.toMillis() - minRunTime.toMillis();
    return minRunTime.plusMillis(span == 0 ? 0 : random.nextLong(span + 1));
  }

  AttemptPhase outcome(RandomGenerator random) {
    return random.nextDouble() < failShare ? AttemptPhase.FAILED : AttemptPhase.SUCCEEDED;
  }
}
