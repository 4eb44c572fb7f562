package io.lastmile.controlplane.ha;

import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.LeaderFence;
import io.lastmile.controlplane.store.StoredState;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * What a control plane does to start leading, in this order: take the fencing epoch (so an earlier
 * leader's writes fail from then on), load what the store holds, rebuild the lifecycle's memory
 * from it, and start the scheduling loop. Run once at start-up by a single replica, or on taking
 * the lead under leader election.
 */
public final class StartSequence {
  private static final Logger LOG = Logger.getLogger(StartSequence.class);

  private final LeaderFence fence;
  private final Database db;
  private final JobStore store;
  private final JobControl control;
  private final SchedulingLoop loop;
  private volatile Recovery recovery;

  /** {@code elected}: it runs on taking the lead, not at start-up. */
  public StartSequence(
      LeaderFence fence,
      Database db,
      JobStore store,
      JobControl control,
      SchedulingLoop loop,
      boolean elected) {
    this.fence = fence;
    this.db = db;
    this.store = store;
    this.control = control;
    this.loop = loop;
    this.recovery =
        new Recovery(elected ? Recovery.Phase.AWAITING_LEAD : Recovery.Phase.NOT_RUN, 0, null, "");
  }

  /**
   * Fences, loads, recovers and starts scheduling.
   *
   * @return the fencing epoch taken
   */
  public long run() {
    long began = System.nanoTime();
    recovery = new Recovery(Recovery.Phase.RUNNING, 0, null, "");
    try {
      long epoch = fence.acquire(db);
      LOG.debugf("fencing epoch %d taken; loading the store", epoch);
      StoredState state = store.load();
      control.recover(state);
      loop.start();
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      recovery = new Recovery(Recovery.Phase.DONE, state.jobs().size(), took, "");
      LOG.infof("start-up sequence took %d ms; scheduling", took.toMillis());
      return epoch;
    } catch (RuntimeException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      recovery = new Recovery(Recovery.Phase.FAILED, 0, took, String.valueOf(e.getMessage()));
      throw e;
    }
  }

  /** Where recovery stands, for the start-up health check. */
  public Recovery recovery() {
    return recovery;
  }

  /**
   * The last run of the sequence.
   *
   * @param jobs jobs rebuilt from the store (once done)
   * @param took how long it took; null while it runs or before it ran
   * @param error why it failed; empty otherwise
   */
  public record Recovery(Phase phase, int jobs, Duration took, String error) {
    /** How far recovery got. */
    public enum Phase {
      /** Not run yet: a single control plane before its start-up sequence. */
      NOT_RUN,
      /** A follower under leader election: it recovers when it takes the lead. */
      AWAITING_LEAD,
      /** Fencing, loading the store and rebuilding memory. */
      RUNNING,
      /** Memory rebuilt and the scheduling loop started. */
      DONE,
      /** The sequence threw: the process restarts (leader election) or fails to start. */
      FAILED
    }
  }
}
