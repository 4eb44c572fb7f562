package io.lastmile.controlplane.config;

import io.lastmile.controlplane.api.WorkloadLimits;
import io.lastmile.controlplane.auth.NodeCredentials;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JdbcNodeCredentialStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * What the API adapters and authentication need from configuration and the database, produced here
 * so that {@code api} and {@code auth} depend on neither {@code config} nor {@code store}.
 */
@Singleton
public class AdapterBeans {

  @Produces
  @Singleton
  WorkloadLimits workloadLimits(WorkloadLimitsConfig config) {
    return config.limits();
  }

  @Produces
  @Singleton
  NodeCredentials nodeCredentials(Database db, LastmileConfig config, Clock clock) {
    return new NodeCredentials(new JdbcNodeCredentialStore(db, config.store().region()), clock);
  }
}
