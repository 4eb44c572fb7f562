package io.lastmile.controlplane.auth;

import io.lastmile.controlplane.domain.PreconditionException;

/**
 * Who an agent's Kubernetes ServiceAccount token speaks for: the pod it is bound to and the node
 * that pod runs on, as the cluster vouches for them (the TokenReview API).
 */
public interface PodIdentities {

  /** A pod the cluster vouches for. */
  record Pod(String namespace, String name, String nodeName) {
    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /**
   * The pod and node {@code serviceAccountToken} is bound to.
   *
   * @throws io.lastmile.controlplane.domain.UnauthenticatedException when the cluster does not
   *     accept the token
   * @throws io.lastmile.controlplane.domain.PermissionDeniedException when it belongs to another
   *     ServiceAccount or to no pod
   * @throws io.lastmile.controlplane.domain.DependencyUnavailableException when the Kubernetes API
   *     cannot be asked
   */
  Pod verify(String serviceAccountToken);

  /** Refuses every token: the control plane does not run with the Kubernetes API. */
  PodIdentities NONE =
      token -> {
        throw new PreconditionException(
            "enrolment with a ServiceAccount token needs a control plane in Kubernetes"
                + " (lastmile.kubernetes.enabled=true); outside Kubernetes, enrol with a token from"
                + " `lastmile nodes enroll-token` (lastmile.agent.enrolment.token)");
      };
}
