package io.lastmile.controlplane.ha;

import io.lastmile.controlplane.jobs.SchedulingLoop;
import org.jboss.logging.Logger;

/**
 * What taking and losing the lead does. Taking it runs the {@link StartSequence}: it raises the
 * fencing epoch (so the previous leader's writes fail from then on), rebuilds memory from the store
 * and starts scheduling. Losing it stops scheduling at once, turns the control plane into a
 * follower (not ready, refusing agents and writes) and then runs {@code onDeposed}: in production
 * the process exits so that it restarts as a follower with empty memory rather than keep state
 * another leader now owns.
 */
public final class LeaderDuties implements LeaseElection.Listener {
  private static final Logger LOG = Logger.getLogger(LeaderDuties.class);

  private final Leadership leadership;
  private final StartSequence start;
  private final SchedulingLoop loop;
  private final Runnable onDeposed;
  private volatile boolean led;
  private volatile boolean stopping;

  public LeaderDuties(
      Leadership leadership, StartSequence start, SchedulingLoop loop, Runnable onDeposed) {
    this.leadership = leadership;
    this.start = start;
    this.loop = loop;
    this.onDeposed = onDeposed;
  }

  @Override
  public synchronized void started() {
    if (led || stopping) {
      return;
    }
    long epoch;
    try {
      epoch = start.run();
    } catch (RuntimeException e) {
      LOG.error("taking the lead failed; restarting as a follower", e);
      onDeposed.run();
      return;
    }
    led = true;
    leadership.led(epoch);
    LOG.infof("%s took the lead (epoch %d)", leadership.identity(), epoch);
  }

  @Override
  public synchronized void stopped() {
    if (!led) {
      return;
    }
    loop.stop();
    leadership.following("");
    if (stopping) {
      return;
    }
    LOG.warnf(
        "%s lost the lead (epoch %d); its writes are now fenced; restarting as a follower",
        leadership.identity(), leadership.epoch());
    onDeposed.run();
  }

  @Override
  public void observed(String identity) {
    if (identity == null || !identity.equals(leadership.identity())) {
      leadership.following(identity);
    }
    LOG.infof("leader is now %s", identity);
  }

  /** The process shuts down: losing the lead from here on is expected, not a deposition. */
  public void shuttingDown() {
    stopping = true;
  }
}
