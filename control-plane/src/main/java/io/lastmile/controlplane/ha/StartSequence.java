package io.lastmile.controlplane.ha;

import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.LeaderFence;
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

  public StartSequence(
      LeaderFence fence, Database db, JobStore store, JobControl control, SchedulingLoop loop) {
    this.fence = fence;
    this.db = db;
    this.store = store;
    this.control = control;
    this.loop = loop;
  }

  /**
   * Fences, loads, recovers and starts scheduling.
   *
   * @return the fencing epoch taken
   */
  public long run() {
    long epoch = fence.acquire(db);
    LOG.debugf("fencing epoch %d taken; loading the store", epoch);
    control.recover(store.load());
    loop.start();
    return epoch;
  }
}
