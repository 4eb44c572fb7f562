package io.lastmile.controlplane.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lastmile.controlplane.api.SubmitValidator;
import io.lastmile.controlplane.cluster.NodeOperations;
import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.kube.EdgeNodeController;
import io.lastmile.controlplane.kube.InferenceJobController;
import io.lastmile.controlplane.kube.KubeEvents;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Starts the custom resource controllers when {@code lastmile.kubernetes.enabled} is true. The
 * Kubernetes client is only looked up then, so a control plane without an API server never builds
 * one.
 */
@ApplicationScoped
public class KubernetesBeans {
  private static final Logger LOG = Logger.getLogger(KubernetesBeans.class);

  private List<Runnable> stops = List.of();

  void start(
      @Observes StartupEvent event,
      LastmileConfig config,
      WorkloadLimitsConfig workloadLimits,
      Instance<KubernetesClient> clients,
      JobControl jobs,
      NodeOperations nodes,
      MarketPrices prices,
      Topology topology,
      Scheduler scheduler,
      Leadership leadership,
      Clock clock) {
    LastmileConfig.Kubernetes kube = config.kubernetes();
    if (!kube.enabled()) {
      return;
    }
    Duration resync = kube.resyncInterval();
    if (resync.isNegative() || resync.isZero()) {
      throw new IllegalArgumentException(
          "lastmile.kubernetes.resync-interval: must be positive, got " + resync);
    }
    KubernetesClient client = clients.get();
    String namespace = kube.namespace().filter(n -> !n.isBlank()).orElse(client.getNamespace());
    if (namespace == null) {
      throw new IllegalArgumentException(
          "lastmile.kubernetes.namespace: unset and the Kubernetes client has no namespace; set it");
    }
    KubeEvents events = new KubeEvents(client, clock);
    InferenceJobController jobController =
        new InferenceJobController(
            client,
            namespace,
            jobs,
            () ->
                new SubmitValidator(
                    topology.latency(), scheduler.scorerNames(), workloadLimits.limits()),
            events,
            clock,
            resync);
    EdgeNodeController nodeController =
        new EdgeNodeController(client, namespace, nodes, prices, events, clock, resync);
    stops = List.of(jobController::stop, nodeController::stop);
    // Only the leader submits jobs and writes the objects' status.
    leadership.whenLeading(
        () -> {
          nodeController.start();
          jobController.start();
          LOG.infof("Kubernetes controllers started in namespace %s", namespace);
        });
  }

  void stop(@Observes ShutdownEvent event) {
    stops.forEach(Runnable::run);
  }
}
