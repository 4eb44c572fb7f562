package io.lastmile.controlplane.api;

import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.DatabaseProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness follows the database: a control plane that cannot write accepts nothing it could keep,
 * so a load balancer should send requests elsewhere (or let clients wait and retry). It reads the
 * probe's last check, so the endpoint answers at once, down within a few seconds of the loss.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {
  @Inject Database database;

  @Override
  public HealthCheckResponse call() {
    DatabaseProbe.Reading r = database.probe().reading();
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("database")
            .status(r.up())
            .withData(r.up() ? "upSince" : "downSince", r.since().toString())
            .withData("checkedAt", r.checkedAt().toString());
    if (!r.up()) {
      b.withData("error", r.error());
    }
    return b.build();
  }
}
