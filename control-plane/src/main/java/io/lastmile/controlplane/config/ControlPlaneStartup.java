package io.lastmile.controlplane.config;

import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.ha.StartSequence;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.jobs.StallLimits;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.LeaderFence;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * The control plane's start-up, in one place and one order: fence, load, recover, start the loop. A
 * single replica runs it as the application starts, before the other start-up observers (which
 * defer their leader-only duties to {@link Leadership#whenLeading}); under leader election {@link
 * io.lastmile.controlplane.ha.LeaderDuties} runs the same sequence when it takes the lead.
 */
@ApplicationScoped
public class ControlPlaneStartup {
  private static final Logger LOG = Logger.getLogger(ControlPlaneStartup.class);

  @Produces
  @Singleton
  StartSequence startSequence(
      LeaderFence fence,
      Database db,
      JobStore store,
      JobControl control,
      SchedulingLoop loop,
      LastmileConfig config) {
    return new StartSequence(fence, db, store, control, loop, config.leaderElection().enabled());
  }

  @Produces
  @Singleton
  StallLimits stallLimits(LastmileConfig config) {
    return new StallLimits(
        config.health().stallUnreadyAfter(), config.health().stallRestartAfter());
  }

  void start(
      @Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event,
      LastmileConfig config,
      StartSequence sequence,
      Leadership leadership,
      StallLimits limits) {
    // limits is asked for here so that bad lastmile.health.* values stop start-up, not a probe.
    if (config.leaderElection().enabled()) {
      return;
    }
    // Single replica: taking the lead at start fences any earlier process on the same database.
    long epoch = sequence.run();
    leadership.led(epoch);
    LOG.debugf("%s leads alone (epoch %d)", leadership.identity(), epoch);
  }
}
