package io.lastmile.controlplane.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Writes an object's whole status as one JSON patch. A merge patch would keep what the new status
 * leaves out (the pending reason of a job that has since been placed), and list entries are
 * replaced, never merged, so a condition list stays one entry per type.
 */
final class StatusPatch {
  private StatusPatch() {}

  static <T extends HasMetadata> void replace(
      KubernetesClient client, Class<T> type, T object, Object status) {
    String patch =
        "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]";
    client
        .resources(type)
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON), patch);
  }
}
