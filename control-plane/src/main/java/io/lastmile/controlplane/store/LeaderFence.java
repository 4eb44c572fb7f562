package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.FencedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The fencing token of this control plane for its region. Taking the lead raises the epoch stored
 * in the database; every write checks, in its own transaction, that the stored epoch is still the
 * one this control plane took, so a deposed leader cannot change state the new leader owns.
 */
public final class LeaderFence {
  private final String region;
  private final String holder;
  private final Clock clock;
  private volatile long epoch = -1;

  public LeaderFence(String region, String holder, Clock clock) {
    this.region = region;
    this.holder = holder;
    this.clock = clock;
  }

  public String region() {
    return region;
  }

  /** The epoch this control plane holds; -1 before it first took the lead. */
  public long epoch() {
    return epoch;
  }

  /** Takes the lead: raises the stored epoch and holds the new value. */
  public long acquire(Database db) {
    long taken =
        db.inTransaction(
            c -> {
              ensureRow(c);
              try (PreparedStatement up =
                  c.prepareStatement(
                      "UPDATE leadership SET epoch = epoch + 1, holder = ?, acquired_at = ?"
                          + " WHERE region = ?")) {
                up.setString(1, holder);
                Times.set(up, 2, clock.instant());
                up.setString(3, region);
                up.executeUpdate();
              }
              return stored(c, "");
            });
    epoch = taken;
    return taken;
  }

  /**
   * Fails the surrounding transaction unless this control plane still holds the lead. The row is
   * locked so that a new leader's {@link #acquire} waits for the transaction to end.
   *
   * @throws FencedException when another control plane took the lead
   */
  public void check(Connection c, Dialect dialect) throws SQLException {
    long current = stored(c, " " + dialect.sharedLock());
    if (current != epoch) {
      throw new FencedException(region, epoch, current);
    }
  }

  private long stored(Connection c, String lock) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT epoch FROM leadership WHERE region = ?" + lock)) {
      q.setString(1, region);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private void ensureRow(Connection c) throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO leadership (region, epoch, holder, acquired_at)"
                + " SELECT ?, 0, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM leadership WHERE region = ?)")) {
      ins.setString(1, region);
      ins.setString(2, holder);
      Times.set(ins, 3, clock.instant());
      ins.setString(4, region);
      ins.executeUpdate();
    }
  }
}
