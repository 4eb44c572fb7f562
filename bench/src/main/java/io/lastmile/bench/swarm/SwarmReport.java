package io.lastmile.bench.swarm;

import io.lastmile.agent.runtime.AttemptPhase;
import java.util.Locale;

/** The swarm's figures at one moment, printable. */
public record SwarmReport(
    int agents,
    int registered,
    int refused,
    int channels,
    int threads,
    LatencyHistogram firstRegistration,
    LatencyHistogram reRegistration,
    LatencyHistogram heartbeatAck,
    long heartbeatsSent,
    long heartbeatsAcked,
    long heartbeatsMissed,
    RunLog runs) {

  /** Median of the first registrations, in milliseconds. */
  public double registrationP50Ms() {
    return ms(firstRegistration.percentileNanos(0.5));
  }

  public double registrationP99Ms() {
    return ms(firstRegistration.percentileNanos(0.99));
  }

  public double heartbeatP50Ms() {
    return ms(heartbeatAck.percentileNanos(0.5));
  }

  public double heartbeatP99Ms() {
    return ms(heartbeatAck.percentileNanos(0.99));
  }

  /** Readable lines, one figure each. */
  public String text() {
    return String.join(
        "\n",
        "agents            %d (%d registered now, %d refused) on %d TCP connections, %d threads"
            .formatted(agents, registered, refused, channels, threads),
        "registration      %s (Register sent to Registered, first dial of each agent)"
            .formatted(percentiles(firstRegistration)),
        "re-registration   %s (after a drop or a broken stream)"
            .formatted(percentiles(reRegistration)),
        "heartbeat ack     %s (sent to acknowledged, measured time)"
            .formatted(percentiles(heartbeatAck)),
        "heartbeats        %d sent, %d acknowledged, %d missed"
            .formatted(heartbeatsSent, heartbeatsAcked, heartbeatsMissed),
        "attempts          %d started: %d succeeded, %d failed, %d cancelled, %d stopped for a lost lease, %d started twice"
            .formatted(
                runs.attemptsStarted(),
                runs.ended(AttemptPhase.SUCCEEDED),
                runs.ended(AttemptPhase.FAILED),
                runs.ended(AttemptPhase.CANCELLED),
                runs.stoppedForLostLease(),
                runs.startedMoreThanOnce().size()));
  }

  static String percentiles(LatencyHistogram h) {
    if (h.count() == 0) {
      return "none";
    }
    return String.format(
        Locale.ROOT,
        "n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        h.count(),
        ms(h.percentileNanos(0.5)),
        ms(h.percentileNanos(0.99)),
        ms(h.percentileNanos(1.0)));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
