package io.lastmile.controlplane.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants in {@code TIMESTAMP WITH TIME ZONE} columns, as {@link OffsetDateTime} in UTC: both
 * drivers map it directly, without the calendar arithmetic {@link java.sql.Timestamp} costs.
 */
final class Times {
  private Times() {}

  static void set(PreparedStatement s, int index, Instant at) throws SQLException {
    s.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  static Instant get(ResultSet rs, int index) throws SQLException {
    OffsetDateTime at = rs.getObject(index, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }
}
