package io.lastmile.controlplane.api;

import io.lastmile.controlplane.ha.StartSequence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/**
 * Start-up ({@code /q/health/started}) waits for recovery: a single control plane has started once
 * it has fenced earlier processes, rebuilt its memory from the store and started scheduling, so
 * Kubernetes holds liveness and readiness probes off for as long as a large store takes to load.
 * Under leader election a follower has started when it waits for the lead; one that is taking the
 * lead has started once its recovery ends.
 */
@Startup
@ApplicationScoped
public class RecoveryHealthCheck implements HealthCheck {
  @Inject StartSequence sequence;

  @Override
  public HealthCheckResponse call() {
    return started(sequence.recovery()).build();
  }

  /** The start-up answer for {@code recovery}. */
  static HealthCheckResponseBuilder started(StartSequence.Recovery recovery) {
    StartSequence.Recovery.Phase phase = recovery.phase();
    boolean up =
        phase == StartSequence.Recovery.Phase.DONE
            || phase == StartSequence.Recovery.Phase.AWAITING_LEAD;
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("recovery")
            .status(up)
            .withData("phase", phase.name().toLowerCase(Locale.ROOT));
    if (phase == StartSequence.Recovery.Phase.DONE) {
      b.withData("jobs", recovery.jobs()).withData("tookMs", recovery.took().toMillis());
    } else if (phase == StartSequence.Recovery.Phase.FAILED) {
      b.withData("error", recovery.error());
    } else if (phase == StartSequence.Recovery.Phase.AWAITING_LEAD) {
      b.withData("role", "follower; recovery runs when this replica takes the lead");
    }
    return b;
  }
}
