package io.lastmile.controlplane.api;

import io.lastmile.controlplane.ha.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only on the leader, so that a Kubernetes Service routes agents and clients to it alone.
 * Followers stay live: they wait to take over.
 */
@Readiness
@ApplicationScoped
public class LeadershipHealthCheck implements HealthCheck {
  @Inject Leadership leadership;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("leadership")
        .status(leadership.isLeader())
        .withData("role", leadership.role().name().toLowerCase(java.util.Locale.ROOT))
        .withData("identity", leadership.identity())
        .withData("holder", leadership.holder())
        .withData("epoch", leadership.epoch())
        .build();
  }
}
