package io.lastmile.controlplane.ha;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Marks the leading replica's pod with {@value #KEY}{@code =true}, the label the control plane's
 * Services select: agent streams and client calls then reach the leader alone, while followers stay
 * Ready (so a rollout and a drain of the leader's node complete). A new leader labels its own pod
 * first, then takes the label off every other pod, including a deposed leader's pod that was not
 * able to take it off itself.
 */
public final class LeaderPodLabel {
  private static final Logger LOG = Logger.getLogger(LeaderPodLabel.class);

  /** The label the Services select. */
  public static final String KEY = "lastmile.io/leader";

  private final KubernetesClient client;
  private final String namespace;
  private final String podName;

  public LeaderPodLabel(KubernetesClient client, String namespace, String podName) {
    this.client = client;
    this.namespace = namespace;
    this.podName = podName;
  }

  /**
   * Labels this pod and unlabels the others, trying again every {@code retry} while {@code leading}
   * holds: until it succeeds no Service reaches the leader.
   */
  public void lead(BooleanSupplier leading, Duration retry) {
    while (leading.getAsBoolean()) {
      try {
        lead();
        return;
      } catch (KubernetesClientException e) {
        LOG.warnf(
            "cannot label pod %s/%s as the leader (%s); trying again in %d ms",
            namespace, podName, e.getMessage(), retry.toMillis());
      }
      try {
        Thread.sleep(retry.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Labels this pod, then takes the label off every other pod in the namespace. */
  public void lead() {
    Pod self = client.pods().inNamespace(namespace).withName(podName).get();
    if (self == null) {
      throw new KubernetesClientException(
          "no pod %s in namespace %s: set lastmile.leader-election.identity to the pod's name"
                  .formatted(podName, namespace)
              + " (metadata.name), or lastmile.leader-election.label-pod=false outside Kubernetes");
    }
    client.pods().inNamespace(namespace).withName(podName).edit(p -> withLabel(p, "true"));
    for (Pod other : client.pods().inNamespace(namespace).withLabel(KEY).list().getItems()) {
      if (!other.getMetadata().getName().equals(podName)) {
        unlabel(other.getMetadata().getName());
      }
    }
    LOG.infof("pod %s/%s is labelled %s=true", namespace, podName, KEY);
  }

  /** Takes the label off this pod, on losing the lead; the next leader does it otherwise. */
  public void stepDown() {
    try {
      unlabel(podName);
    } catch (KubernetesClientException e) {
      LOG.warnf("cannot take the leader label off pod %s: %s", podName, e.getMessage());
    }
  }

  private void unlabel(String name) {
    client.pods().inNamespace(namespace).withName(name).edit(p -> withLabel(p, null));
  }

  private static Pod withLabel(Pod pod, String value) {
    PodBuilder b = new PodBuilder(pod);
    if (value == null) {
      b.editMetadata().removeFromLabels(KEY).endMetadata();
    } else {
      b.editMetadata().addToLabels(KEY, value).endMetadata();
    }
    return b.build();
  }
}
