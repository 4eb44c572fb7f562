package io.lastmile.controlplane.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.lastmile.controlplane.auth.PodIdentities;
import io.lastmile.controlplane.domain.DependencyUnavailableException;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an agent's projected ServiceAccount token with the TokenReview API: the token must be
 * valid for {@code audience}, belong to the agents' ServiceAccount and be bound to a pod; the node
 * is the one the cluster names for that pod (the token's node claim, or the pod's {@code
 * spec.nodeName}, its uid checked against the token's).
 */
public final class TokenReviewPodIdentities implements PodIdentities {
  static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  static final String POD_UID = "authentication.kubernetes.io/pod-uid";
  static final String NODE_NAME = "authentication.kubernetes.io/node-name";
  private static final String MOUNT =
      "mount a projected serviceAccountToken with audience %s (k8s/base/agent/daemonset.yaml)";

  private final KubernetesClient client;
  private final String namespace;
  private final String serviceAccount;
  private final String audience;

  /**
   * @param serviceAccount the agents' ServiceAccount as {@code namespace:name}
   */
  public TokenReviewPodIdentities(KubernetesClient client, String serviceAccount, String audience) {
    String[] parts = serviceAccount.split(":", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException(
          "lastmile.kubernetes.agent-service-account: '%s' is not namespace:name"
              .formatted(serviceAccount));
    }
    // An enrolling agent waits 15 s: a failing API server is answered within that, not retried.
    this.client =
        client
            .newClient(
                new RequestConfigBuilder()
                    .withRequestRetryBackoffLimit(1)
                    .withRequestRetryBackoffInterval(500)
                    .withRequestTimeout(5_000)
                    .build())
            .adapt(KubernetesClient.class);
    this.namespace = parts[0];
    this.serviceAccount = parts[1];
    this.audience = audience;
  }

  @Override
  public Pod verify(String token) {
    TokenReviewStatus status = review(token);
    if (!Boolean.TRUE.equals(status.getAuthenticated())) {
      throw new UnauthenticatedException(
          "the Kubernetes API did not accept the ServiceAccount token (%s); %s"
              .formatted(
                  Optional.ofNullable(status.getError()).orElse("no reason given"),
                  MOUNT.formatted(audience)));
    }
    List<String> audiences = Optional.ofNullable(status.getAudiences()).orElse(List.of());
    if (!audiences.isEmpty() && !audiences.contains(audience)) {
      throw new UnauthenticatedException(
          "the ServiceAccount token is for %s, not %s; %s"
              .formatted(audiences, audience, MOUNT.formatted(audience)));
    }
    UserInfo user = Optional.ofNullable(status.getUser()).orElseGet(UserInfo::new);
    String expected = "system:serviceaccount:" + namespace + ":" + serviceAccount;
    if (!expected.equals(user.getUsername())) {
      throw new PermissionDeniedException(
          ("the ServiceAccount token is %s's; only %s may enrol agents"
                  + " (lastmile.kubernetes.agent-service-account)")
              .formatted(user.getUsername(), expected));
    }
    Map<String, List<String>> extra = Optional.ofNullable(user.getExtra()).orElse(Map.of());
    String podName = claim(extra, POD_NAME);
    if (podName == null) {
      throw new PermissionDeniedException(
          "the ServiceAccount token is bound to no pod; " + MOUNT.formatted(audience));
    }
    String node = claim(extra, NODE_NAME);
    return new Pod(
        namespace, podName, node != null ? node : nodeOf(podName, claim(extra, POD_UID)));
  }

  private TokenReviewStatus review(String token) {
    TokenReview review =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audience)
            .endSpec()
            .build();
    try {
      TokenReview answered = client.authentication().v1().tokenReviews().create(review);
      return Optional.ofNullable(answered.getStatus()).orElseGet(TokenReviewStatus::new);
    } catch (KubernetesClientException e) {
      throw unavailable("review the ServiceAccount token", e);
    }
  }

  /** The node of a pod that still exists and is the one the token was made for. */
  private String nodeOf(String podName, String podUid) {
    io.fabric8.kubernetes.api.model.Pod pod;
    try {
      pod = client.pods().inNamespace(namespace).withName(podName).get();
    } catch (KubernetesClientException e) {
      throw unavailable("read pod " + namespace + "/" + podName, e);
    }
    if (pod == null || (podUid != null && !podUid.equals(pod.getMetadata().getUid()))) {
      throw new UnauthenticatedException(
          "the pod %s/%s that the ServiceAccount token was made for no longer exists"
              .formatted(namespace, podName));
    }
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (node == null || node.isEmpty()) {
      throw new PermissionDeniedException(
          "the pod %s/%s is not on a node yet".formatted(namespace, podName));
    }
    return node;
  }

  private static String claim(Map<String, List<String>> extra, String key) {
    List<String> values = extra.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static DependencyUnavailableException unavailable(String what, Exception e) {
    return new DependencyUnavailableException(
        "cannot %s: the Kubernetes API answered %s; the agent will try again"
            .formatted(what, e.getMessage()),
        e);
  }
}
