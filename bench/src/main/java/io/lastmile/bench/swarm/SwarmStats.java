package io.lastmile.bench.swarm;

import io.lastmile.agent.session.SessionObserver;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** Timings of every session of the swarm, in bounded histograms. */
final class SwarmStats {
  final LatencyHistogram firstRegistration = new LatencyHistogram();
  final LatencyHistogram reRegistration = new LatencyHistogram();
  private volatile LatencyHistogram heartbeatAck = new LatencyHistogram();
  private final LongAdder heartbeatsSent = new LongAdder();
  private final LongAdder heartbeatsAcked = new LongAdder();
  private final LongAdder heartbeatsMissed = new LongAdder();
  private final Queue<Session> sessions = new ConcurrentLinkedQueue<>();

  /** An observer for one session of one agent; {@code first} for its first session. */
  SessionObserver session(boolean first) {
    Session s = new Session(first);
    sessions.add(s);
    return s;
  }

  /** Forgets the heartbeats so far: the measured time starts. */
  void startWindow() {
    heartbeatAck = new LatencyHistogram();
    heartbeatsSent.reset();
    heartbeatsAcked.reset();
    heartbeatsMissed.reset();
    sessions.forEach(s -> s.counted = s.lastSent);
  }

  LatencyHistogram heartbeatAck() {
    return heartbeatAck;
  }

  long heartbeatsSent() {
    return heartbeatsSent.sum();
  }

  long heartbeatsAcked() {
    return heartbeatsAcked.sum();
  }

  /**
   * Heartbeats sent in the window that were never acknowledged: those a later acknowledgement
   * skipped, and of each session's unanswered ones all but the last, which may still be in flight.
   */
  long heartbeatsMissed() {
    long inFlightBeyondOne = 0;
    for (Session s : sessions) {
      long unanswered = s.lastSent - Math.max(s.lastAcked, s.counted);
      inFlightBeyondOne += Math.max(0, unanswered - 1);
    }
    return heartbeatsMissed.sum() + inFlightBeyondOne;
  }

  /** Called on its session's thread only; read by the report from any thread. */
  private final class Session implements SessionObserver {
    private final boolean first;
    private boolean registeredOnce;
    volatile long lastSent;
    volatile long lastAcked;
    volatile long counted;

    Session(boolean first) {
      this.first = first;
    }

    @Override
    public void registered(long nanos) {
      (first && !registeredOnce ? firstRegistration : reRegistration).record(nanos);
      registeredOnce = true;
    }

    @Override
    public void heartbeatSent(long sequence) {
      lastSent = sequence;
      heartbeatsSent.increment();
    }

    @Override
    public void heartbeatAcked(long sequence, long nanos) {
      if (sequence <= counted) {
        return; // sent before the measured time
      }
      long skipped = sequence - Math.max(lastAcked, counted) - 1;
      if (skipped > 0) {
        heartbeatsMissed.add(skipped);
      }
      lastAcked = Math.max(lastAcked, sequence);
      heartbeatsAcked.increment();
      heartbeatAck.record(nanos);
    }
  }
}
