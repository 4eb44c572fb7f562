package io.lastmile.controlplane.store;

import io.lastmile.controlplane.auth.NodeCredentialStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** {@link NodeCredentialStore} in {@code enrolment_tokens} and {@code node_credentials}. */
public final class JdbcNodeCredentialStore implements NodeCredentialStore {
  private final Database db;
  private final String region;

  public JdbcNodeCredentialStore(Database db, String region) {
    this.db = db;
    this.region = region;
  }

  @Override
  public void addToken(
      String tokenSha256, String nodeId, String createdBy, Instant now, Instant expiresAt) {
    db.inTransaction(
        c -> {
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO enrolment_tokens (region, token_sha256, node_id, created_by,"
                      + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, region);
            ins.setString(2, tokenSha256);
            ins.setString(3, nodeId);
            ins.setString(4, createdBy);
            Times.set(ins, 5, now);
            Times.set(ins, 6, expiresAt);
            ins.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<EnrolmentToken> token(String tokenSha256) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT node_id, expires_at, used_at FROM enrolment_tokens"
                      + " WHERE token_sha256 = ? AND region = ?")) {
            q.setString(1, tokenSha256);
            q.setString(2, region);
            try (ResultSet rs = q.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new EnrolmentToken(
                          rs.getString(1), Times.get(rs, 2), Times.get(rs, 3) != null))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean enroll(String tokenSha256, String nodeId, String secretSha256, Instant now) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement use =
                  c.prepareStatement(
                      "UPDATE enrolment_tokens SET used_at = ?, used_by = ?"
                          + " WHERE token_sha256 = ? AND region = ? AND used_at IS NULL");
              PreparedStatement del =
                  c.prepareStatement(
                      "DELETE FROM node_credentials WHERE region = ? AND node_id = ?");
              PreparedStatement ins =
                  c.prepareStatement(
                      "INSERT INTO node_credentials (region, node_id, secret_sha256, created_at)"
                          + " VALUES (?, ?, ?, ?)")) {
            Times.set(use, 1, now);
            use.setString(2, nodeId);
            use.setString(3, tokenSha256);
            use.setString(4, region);
            if (use.executeUpdate() != 1) {
              return false;
            }
            del.setString(1, region);
            del.setString(2, nodeId);
            del.executeUpdate();
            ins.setString(1, region);
            ins.setString(2, nodeId);
            ins.setString(3, secretSha256);
            Times.set(ins, 4, now);
            ins.executeUpdate();
            return true;
          }
        });
  }

  @Override
  public Optional<NodeCredential> credential(String secretSha256) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT node_id, revoked_at FROM node_credentials"
                      + " WHERE secret_sha256 = ? AND region = ?")) {
            q.setString(1, secretSha256);
            q.setString(2, region);
            try (ResultSet rs = q.executeQuery()) {
              return rs.next()
                  ? Optional.of(new NodeCredential(rs.getString(1), Times.get(rs, 2) != null))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean revoke(String nodeId, Instant now) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement up =
              c.prepareStatement(
                  "UPDATE node_credentials SET revoked_at = COALESCE(revoked_at, ?)"
                      + " WHERE region = ? AND node_id = ?")) {
            Times.set(up, 1, now);
            up.setString(2, region);
            up.setString(3, nodeId);
            return up.executeUpdate() == 1;
          }
        });
  }
}
