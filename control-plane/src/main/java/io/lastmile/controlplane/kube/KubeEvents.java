package io.lastmile.controlplane.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records key transitions as Kubernetes Events on the object they concern, so that {@code kubectl
 * describe} tells the story. An event that cannot be written is logged and dropped: events are
 * informative, never part of the state.
 */
public final class KubeEvents {
  private static final Logger LOG = Logger.getLogger(KubeEvents.class);
  private static final String COMPONENT = "lastmile-control-plane";

  private final KubernetesClient client;
  private final Clock clock;

  public KubeEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * @param warning whether the event is a Warning (else Normal)
   * @param reason a short UpperCamelCase reason, for example {@code Scheduled}
   */
  void record(HasMetadata about, boolean warning, String reason, String message) {
    String now = clock.instant().toString();
    String namespace = about.getMetadata().getNamespace();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(about.getApiVersion())
            .withKind(about.getKind())
            .withName(about.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(about.getMetadata().getUid())
            .endInvolvedObject()
            .withType(warning ? "Warning" : "Normal")
            .withReason(reason)
            .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.debugf("event %s on %s not recorded: %s", reason, about.getMetadata().getName(), e);
    }
  }
}
