package io.lastmile.controlplane.config;

import io.lastmile.controlplane.events.JobEventChannel;
import io.lastmile.controlplane.events.JobEventRelay;
import io.lastmile.controlplane.events.JobEventSettings;
import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.store.JobEventOutbox;
import io.lastmile.controlplane.store.JobStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The job event relay: publishes the outbox to {@code job-events} while this replica leads. With
 * the in-process channel there is no outbox to publish (see {@link ControlPlaneBeans#jobStore}).
 */
@ApplicationScoped
public class JobEventBeans {

  @Produces
  @Singleton
  JobEventOutbox outbox(JobStore store) {
    if (store instanceof JobEventOutbox outbox) {
      return outbox;
    }
    throw new IllegalStateException(
        "the job store " + store.getClass().getSimpleName() + " keeps no job event outbox");
  }

  @Produces
  @Singleton
  JobEventRelay relay(
      JobEventOutbox outbox, JobEventChannel channel, Clock clock, LastmileConfig config) {
    LastmileConfig.JobEvents c = config.jobEvents();
    return new JobEventRelay(
        outbox,
        channel,
        clock,
        new JobEventSettings(
            c.batchSize(),
            c.pollInterval(),
            c.retryMin(),
            c.retryMax(),
            c.retention(),
            c.purgeInterval()));
  }

  void start(
      @Observes StartupEvent event,
      Leadership leadership,
      JobEventRelay relay,
      LastmileConfig config) {
    if (!JobEventChannel.inProcess(config.messaging().connector())) {
      leadership.whenLeading(relay::start);
    }
  }

  void stop(@Observes ShutdownEvent event, JobEventRelay relay) {
    relay.stop();
  }
}
