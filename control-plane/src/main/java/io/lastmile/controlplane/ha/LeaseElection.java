package io.lastmile.controlplane.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Competes for a Kubernetes {@code coordination.k8s.io/v1} Lease through Fabric8's elector: the
 * holder renews it every retry period; others take it over once it has not been renewed for the
 * lease duration. Updates are checked against the Lease's resourceVersion, so two replicas never
 * both win one round.
 */
public final class LeaseElection {
  private static final Logger LOG = Logger.getLogger(LeaseElection.class);

  /** What happens when the lead is taken or lost. */
  public interface Listener {
    /** This replica now holds the Lease. */
    void started();

    /** This replica no longer holds the Lease (renewal failed, deadline passed, or stopped). */
    void stopped();

    /** The Lease's holder changed to {@code identity} (possibly this replica). */
    void observed(String identity);
  }

  private final KubernetesClient client;
  private final ElectionSettings settings;
  private final Listener listener;
  private final boolean releaseOnStop;
  private final ExecutorService executor;
  private CompletableFuture<?> running;

  /**
   * @param releaseOnStop on {@link #stop()}, hand the Lease back so another replica takes over at
   *     once (a clean shutdown) instead of after the lease duration
   */
  public LeaseElection(
      KubernetesClient client,
      ElectionSettings settings,
      Listener listener,
      boolean releaseOnStop) {
    this.client = client;
    this.settings = settings;
    this.listener = listener;
    this.releaseOnStop = releaseOnStop;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lastmile-election-" + settings.identity());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts competing; returns at once. */
  public synchronized void start() {
    LOG.infof(
        "leader election: %s competes for Lease %s/%s",
        settings.identity(), settings.namespace(), settings.leaseName());
    running = new LeaderElector(client, config(), executor).start();
  }

  /** Stops competing and renewing; a held lead is lost (and released if so configured). */
  public synchronized void stop() {
    if (running != null) {
      running.cancel(true);
      running = null;
    }
    executor.shutdown();
  }

  private LeaderElectionConfig config() {
    Consumer<String> observed = listener::observed;
    return new LeaderElectionConfigBuilder()
        .withName(settings.leaseName())
        .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
        .withLeaseDuration(settings.leaseDuration())
        .withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod())
        .withReleaseOnCancel(releaseOnStop)
        .withLeaderCallbacks(new LeaderCallbacks(listener::started, listener::stopped, observed))
        .build();
  }
}
