package io.lastmile.controlplane.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One competing control plane in election tests: a real elector and what it went through. */
public final class Replica implements LeaseElection.Listener {
  public static final Duration LEASE = Duration.ofSeconds(2);
  public static final Duration RENEW = Duration.ofMillis(1500);
  public static final Duration RETRY = Duration.ofMillis(200);

  public final String identity;
  public final List<String> events = new CopyOnWriteArrayList<>();
  private final LeaseElection election;
  private final Runnable onStart;
  private volatile boolean leading;

  /** A replica that does {@code onStart} when it takes the lead and keeps the Lease on stop. */
  public Replica(KubernetesClient client, String identity, Runnable onStart) {
    this.identity = identity;
    this.onStart = onStart;
    this.election =
        new LeaseElection(
            client,
            new ElectionSettings(
                "lastmile-control-plane", "lastmile", identity, LEASE, RENEW, RETRY),
            this,
            false);
  }

  public Replica start() {
    election.start();
    return this;
  }

  /** Stops renewing without handing the Lease back, like a frozen or cut-off leader. */
  public void stopRenewing() {
    election.stop();
  }

  public boolean leading() {
    return leading;
  }

  @Override
  public void started() {
    onStart.run();
    leading = true;
    events.add("started");
  }

  @Override
  public void stopped() {
    leading = false;
    events.add("stopped");
  }

  @Override
  public void observed(String holder) {
    events.add("observed " + holder);
  }
}
