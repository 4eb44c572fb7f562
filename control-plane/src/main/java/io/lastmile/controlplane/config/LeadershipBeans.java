package io.lastmile.controlplane.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lastmile.controlplane.ha.ElectionSettings;
import io.lastmile.controlplane.ha.LeaderDuties;
import io.lastmile.controlplane.ha.LeaderPodLabel;
import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.ha.LeaseElection;
import io.lastmile.controlplane.ha.StartSequence;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Who leads: with leader election off (the default) this control plane leads from the start; with
 * it on, replicas compete for a Kubernetes Lease and only the holder schedules and serves agents.
 */
@ApplicationScoped
public class LeadershipBeans {
  private volatile LeaseElection election;
  private volatile LeaderDuties duties;

  @Produces
  @Singleton
  Leadership leadership(LastmileConfig config, MeterRegistry metrics) {
    String identity = identity(config.leaderElection());
    // Without election the start-up sequence (ControlPlaneStartup) takes the lead; until then, and
    // with election until the Lease is won, this control plane follows.
    Leadership leadership = new Leadership(identity);
    leadership.followersReady(
        config.leaderElection().enabled() && config.leaderElection().labelPod());
    Gauge.builder("lastmile.leader", leadership, l -> l.isLeader() ? 1 : 0)
        .description("1 on the leading control plane, 0 on followers")
        .register(metrics);
    Gauge.builder("lastmile.leader.epoch", leadership, Leadership::epoch)
        .description("Fencing epoch taken when this control plane last took the lead")
        .register(metrics);
    return leadership;
  }

  static String identity(LastmileConfig.LeaderElection config) {
    return config
        .identity()
        .filter(id -> !id.isBlank())
        .or(() -> java.util.Optional.ofNullable(System.getenv("HOSTNAME")))
        .filter(id -> !id.isBlank())
        .orElseGet(() -> "control-plane-" + UUID.randomUUID().toString().substring(0, 8));
  }

  void start(
      @Observes StartupEvent event,
      LastmileConfig config,
      Leadership leadership,
      SchedulingLoop loop,
      StartSequence startSequence,
      Instance<KubernetesClient> kubernetes) {
    LastmileConfig.LeaderElection le = config.leaderElection();
    if (!le.enabled()) {
      return;
    }
    KubernetesClient client = kubernetes.get();
    ElectionSettings settings =
        new ElectionSettings(
            le.leaseName(),
            le.namespace().orElseGet(() -> namespaceOf(client)),
            leadership.identity(),
            le.leaseDuration(),
            le.renewDeadline(),
            le.retryPeriod());
    LeaderPodLabel label =
        le.labelPod()
            ? new LeaderPodLabel(client, settings.namespace(), leadership.identity())
            : null;
    Runnable deposed =
        () -> {
          if (label != null) {
            label.stepDown();
          }
          Quarkus.asyncExit(1);
        };
    duties = new LeaderDuties(leadership, startSequence, loop, deposed);
    if (label != null) {
      leadership.whenLeading(
          () -> {
            Thread t =
                new Thread(
                    () -> label.lead(leadership::isLeader, le.retryPeriod()),
                    "lastmile-leader-label");
            t.setDaemon(true);
            t.start();
          });
    }
    election = new LeaseElection(client, settings, duties, true);
    election.start();
  }

  private static String namespaceOf(KubernetesClient client) {
    String ns = client.getNamespace();
    return ns == null || ns.isBlank() ? "default" : ns;
  }

  void stop(@Observes ShutdownEvent event, SchedulingLoop loop) {
    if (duties != null) {
      duties.shuttingDown();
    }
    if (election != null) {
      election.stop();
    }
    loop.stop();
  }
}
