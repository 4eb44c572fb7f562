package io.lastmile.controlplane.api;

import io.lastmile.controlplane.ha.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready as {@link Leadership#ready()} says: on the leader, and on followers where the Services
 * select the leader by its pod label. Followers stay live either way: they wait to take over.
 */
@Readiness
@ApplicationScoped
public class LeadershipHealthCheck implements HealthCheck {
  @Inject Leadership leadership;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("leadership")
        .status(leadership.ready())
        .withData("role", leadership.role().name().toLowerCase(java.util.Locale.ROOT))
        .withData("identity", leadership.identity())
        .withData("holder", leadership.holder())
        .withData("epoch", leadership.epoch())
        .build();
  }
}
