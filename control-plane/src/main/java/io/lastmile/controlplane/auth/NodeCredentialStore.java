package io.lastmile.controlplane.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Enrolment tokens and node credentials, known only by their SHA-256 hashes. Implementations: the
 * database ({@code JdbcNodeCredentialStore}) and memory ({@link InMemoryNodeCredentialStore}).
 */
public interface NodeCredentialStore {

  /** An enrolment token as stored. */
  record EnrolmentToken(String nodeId, Instant expiresAt, boolean used) {}

  /** A node credential as stored. */
  record NodeCredential(String nodeId, boolean revoked) {}

  /**
   * Records a new enrolment token.
   *
   * @param nodeId the only node it may enrol; empty for any
   */
  void addToken(
      String tokenSha256, String nodeId, String createdBy, Instant now, Instant expiresAt);

  Optional<EnrolmentToken> token(String tokenSha256);

  /**
   * In one transaction: marks the token used by {@code nodeId} and makes {@code secretSha256} the
   * node's only credential.
   *
   * @return false, changing nothing, when the token was used meanwhile
   */
  boolean enroll(String tokenSha256, String nodeId, String secretSha256, Instant now);

  Optional<NodeCredential> credential(String secretSha256);

  /**
   * Revokes the node's credential.
   *
   * @return false when the node has no credential
   */
  boolean revoke(String nodeId, Instant now);
}
