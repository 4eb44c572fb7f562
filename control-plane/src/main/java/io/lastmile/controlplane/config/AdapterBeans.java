package io.lastmile.controlplane.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lastmile.controlplane.api.WorkloadLimits;
import io.lastmile.controlplane.auth.NodeCredentials;
import io.lastmile.controlplane.auth.PodIdentities;
import io.lastmile.controlplane.kube.TokenReviewPodIdentities;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JdbcNodeCredentialStore;
import jakarta.enterprise.inject.Instance;
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

  /**
   * Checks agents' ServiceAccount tokens with the TokenReview API when the control plane runs with
   * the Kubernetes API; the Kubernetes client is looked up only then.
   */
  @Produces
  @Singleton
  PodIdentities podIdentities(LastmileConfig config, Instance<KubernetesClient> clients) {
    LastmileConfig.Kubernetes kube = config.kubernetes();
    if (!kube.enabled()) {
      return PodIdentities.NONE;
    }
    return new TokenReviewPodIdentities(
        clients.get(), kube.agentServiceAccount(), kube.agentTokenAudience());
  }
}
