package io.lastmile.controlplane.auth;

import io.lastmile.api.v1.NodeIds;
import io.lastmile.controlplane.auth.NodeCredentialStore.EnrolmentToken;
import io.lastmile.controlplane.auth.NodeCredentialStore.NodeCredential;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Agent enrolment: operators make single-use, short-lived enrolment tokens; an agent exchanges one
 * for its node's own credential, which it then sends on every connect. Secrets are 256 random bits
 * and only their SHA-256 hashes are stored.
 */
public final class NodeCredentials {

  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  private static final Duration MIN_TTL = Duration.ofMinutes(1);
  private static final Duration MAX_TTL = Duration.ofDays(7);
  private static final String NEW_TOKEN =
      "ask an operator for a new one (`lastmile nodes enroll-token`) and set it as"
          + " lastmile.agent.enrolment.token";

  private final NodeCredentialStore store;
  private final Clock clock;

  public NodeCredentials(NodeCredentialStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A new enrolment token, shown once. */
  public record Issued(String token, Instant expiresAt, String nodeId) {}

  /**
   * Makes an enrolment token.
   *
   * @param ttl how long it is accepted; null for {@link #DEFAULT_TTL}
   * @param nodeId the only node id it may enrol; empty for any
   * @param createdBy the operator's token name, for the record
   */
  public Issued issue(Duration ttl, String nodeId, String createdBy) {
    Duration life = ttl == null ? DEFAULT_TTL : ttl;
    if (life.compareTo(MIN_TTL) < 0 || life.compareTo(MAX_TTL) > 0) {
      throw new InvalidFieldException("ttl", life.toString(), "must be from 1 minute to 7 days");
    }
    if (!nodeId.isEmpty()) {
      requireNodeId(nodeId);
    }
    String token = ApiTokens.newSecret("lme_");
    Instant now = clock.instant();
    Instant expiresAt = now.plus(life);
    store.addToken(ApiTokens.sha256(token), nodeId, createdBy, now, expiresAt);
    return new Issued(token, expiresAt, nodeId);
  }

  /**
   * Exchanges an enrolment token for the node's new credential; the token cannot be used again.
   *
   * @throws UnauthenticatedException for an unknown, used or expired token
   * @throws PermissionDeniedException for a token made for another node
   */
  public String enroll(String token, String nodeId) {
    requireNodeId(nodeId);
    if (token.isBlank()) {
      throw new UnauthenticatedException("no enrolment token: " + NEW_TOKEN);
    }
    String hash = ApiTokens.sha256(token.strip());
    EnrolmentToken stored =
        store
            .token(hash)
            .orElseThrow(
                () ->
                    new UnauthenticatedException("the enrolment token is not valid; " + NEW_TOKEN));
    Instant now = clock.instant();
    if (stored.used()) {
      throw used();
    }
    if (!now.isBefore(stored.expiresAt())) {
      throw new UnauthenticatedException(
          "the enrolment token expired at %s; %s".formatted(stored.expiresAt(), NEW_TOKEN));
    }
    if (!stored.nodeId().isEmpty() && !stored.nodeId().equals(nodeId)) {
      throw new PermissionDeniedException(
          "the enrolment token is for node %s, not %s; enrol %s with a token made for it"
              .formatted(stored.nodeId(), nodeId, nodeId));
    }
    String credential = ApiTokens.newSecret("lmn_");
    if (!store.enroll(hash, nodeId, ApiTokens.sha256(credential), now)) {
      throw used();
    }
    return credential;
  }

  /**
   * Exchanges the ServiceAccount token of an agent's pod for its node's new credential: the pod
   * speaks only for the node it runs on. The exchange is recorded as an enrolment token used at
   * once, made by the pod.
   *
   * @throws PermissionDeniedException when the pod runs on another node than {@code nodeId}
   */
  public String enrollPod(String serviceAccountToken, String nodeId, PodIdentities pods) {
    requireNodeId(nodeId);
    if (serviceAccountToken.isBlank()) {
      throw new UnauthenticatedException(
          "the ServiceAccount token file is empty; mount a projected serviceAccountToken"
              + " (k8s/base/agent/daemonset.yaml)");
    }
    PodIdentities.Pod pod = pods.verify(serviceAccountToken.strip());
    if (!pod.nodeName().equals(nodeId)) {
      throw new PermissionDeniedException(
          ("the pod %s runs on node %s, so it may enrol only %s, not %s; set"
                  + " LASTMILE_AGENT_NODE_ID from spec.nodeName")
              .formatted(pod, pod.nodeName(), pod.nodeName(), nodeId));
    }
    String exchange = ApiTokens.newSecret("lmk_");
    Instant now = clock.instant();
    store.addToken(ApiTokens.sha256(exchange), nodeId, "pod " + pod, now, now.plus(MIN_TTL));
    return enroll(exchange, nodeId);
  }

  private static UnauthenticatedException used() {
    return new UnauthenticatedException(
        "the enrolment token was already used (each token enrols one node, once); " + NEW_TOKEN);
  }

  /**
   * The node whose credential {@code authorization} ({@code Bearer <credential>}) carries.
   *
   * @throws UnauthenticatedException for a missing, unknown or revoked credential
   */
  public String authenticate(String authorization) {
    String how =
        "the agent enrols once with lastmile.agent.enrolment.token and then sends its credential";
    String secret = Authenticator.bearer(authorization, "no node credential: " + how, how);
    NodeCredential credential =
        store
            .credential(ApiTokens.sha256(secret))
            .orElseThrow(
                () ->
                    new UnauthenticatedException(
                        "the node credential is not valid (replaced by a later enrolment, or of"
                            + " another control plane); enrol the agent again: "
                            + NEW_TOKEN));
    if (credential.revoked()) {
      throw new UnauthenticatedException(
          ("the credential of node %s was revoked; to let it back in, make a token with"
                  + " `lastmile nodes enroll-token --node-id %s`, set it as"
                  + " lastmile.agent.enrolment.token and restart the agent")
              .formatted(credential.nodeId(), credential.nodeId()));
    }
    return credential.nodeId();
  }

  /**
   * Revokes the node's credential. Idempotent.
   *
   * @throws NotFoundException when the node never enrolled
   */
  public void revoke(String nodeId) {
    if (nodeId.isEmpty()) {
      throw new InvalidFieldException("node_id", nodeId, "is required");
    }
    if (!store.revoke(nodeId, clock.instant())) {
      throw new NotFoundException("credential of node", nodeId);
    }
  }

  private static void requireNodeId(String nodeId) {
    if (!NodeIds.valid(nodeId)) {
      throw new InvalidFieldException("node_id", nodeId, NodeIds.RULE);
    }
  }
}
