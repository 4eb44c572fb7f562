package io.lastmile.controlplane.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link NodeCredentialStore} in memory: for tests and tools that keep no database. */
public final class InMemoryNodeCredentialStore implements NodeCredentialStore {
  private final Map<String, EnrolmentToken> tokens = new HashMap<>();
  private final Map<String, NodeCredential> credentials = new HashMap<>();
  private final Map<String, String> secretByNode = new HashMap<>();

  @Override
  public synchronized void addToken(
      String tokenSha256, String nodeId, String createdBy, Instant now, Instant expiresAt) {
    tokens.put(tokenSha256, new EnrolmentToken(nodeId, expiresAt, false));
  }

  @Override
  public synchronized Optional<EnrolmentToken> token(String tokenSha256) {
    return Optional.ofNullable(tokens.get(tokenSha256));
  }

  @Override
  public synchronized boolean enroll(
      String tokenSha256, String nodeId, String secretSha256, Instant now) {
    EnrolmentToken token = tokens.get(tokenSha256);
    if (token == null || token.used()) {
      return false;
    }
    tokens.put(tokenSha256, new EnrolmentToken(token.nodeId(), token.expiresAt(), true));
    String old = secretByNode.put(nodeId, secretSha256);
    if (old != null) {
      credentials.remove(old);
    }
    credentials.put(secretSha256, new NodeCredential(nodeId, false));
    return true;
  }

  @Override
  public synchronized Optional<NodeCredential> credential(String secretSha256) {
    return Optional.ofNullable(credentials.get(secretSha256));
  }

  @Override
  public synchronized boolean revoke(String nodeId, Instant now) {
    String secret = secretByNode.get(nodeId);
    if (secret == null) {
      return false;
    }
    credentials.put(secret, new NodeCredential(nodeId, true));
    return true;
  }
}
