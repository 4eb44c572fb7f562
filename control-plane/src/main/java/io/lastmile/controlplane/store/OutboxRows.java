package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobEventType;
import io.lastmile.controlplane.domain.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the job event outbox (table {@code job_event_outbox}), keyed by region. */
final class OutboxRows {
  private static final String COLUMNS =
      "event_id, type, happened_at, job_id, job_version, attempt_id, tenant, from_state,"
          + " to_state, node_id, node_region, gpus, energy_wh, cost, currency, exit_code, message";

  private final String region;

  OutboxRows(String region) {
    this.region = region;
  }

  /** Adds {@code events} as one batch, in list order. */
  void insert(Connection c, List<JobEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO job_event_outbox (region, "
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (JobEvent e : events) {
        ins.setString(1, region);
        ins.setString(2, e.eventId());
        ins.setString(3, e.type().name());
        Times.set(ins, 4, e.time());
        ins.setString(5, e.jobId());
        ins.setLong(6, e.jobVersion());
        ins.setString(7, e.attemptId());
        ins.setString(8, e.tenant());
        ins.setString(9, e.fromState() == null ? null : e.fromState().name());
        ins.setString(10, e.toState().name());
        ins.setString(11, e.nodeId());
        ins.setString(12, e.nodeRegion());
        ins.setInt(13, e.gpus());
        ins.setDouble(14, e.energyWh());
        ins.setDouble(15, e.cost());
        ins.setString(16, e.currency());
        if (e.exitCode() == null) {
          ins.setNull(17, Types.INTEGER);
        } else {
          ins.setInt(17, e.exitCode());
        }
        ins.setString(18, e.message());
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  List<JobEventOutbox.Entry> unpublished(Connection c, int max) throws SQLException {
    List<JobEventOutbox.Entry> out = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT seq, "
                + COLUMNS
                + " FROM job_event_outbox WHERE region = ? AND published_at IS NULL"
                + " ORDER BY seq LIMIT ?")) {
      q.setString(1, region);
      q.setInt(2, max);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(new JobEventOutbox.Entry(rs.getLong(1), event(rs)));
        }
      }
    }
    return out;
  }

  private static JobEvent event(ResultSet rs) throws SQLException {
    String from = rs.getString(9);
    int exit = rs.getInt(17);
    Integer exitCode = rs.wasNull() ? null : exit;
    return new JobEvent(
        rs.getString(2),
        JobEventType.valueOf(rs.getString(3)),
        Times.get(rs, 4),
        rs.getString(5),
        rs.getLong(6),
        rs.getString(7),
        rs.getString(8),
        from == null ? null : JobState.valueOf(from),
        JobState.valueOf(rs.getString(10)),
        rs.getString(11),
        rs.getString(12),
        rs.getInt(13),
        rs.getDouble(14),
        rs.getDouble(15),
        rs.getString(16),
        exitCode,
        rs.getString(18));
  }

  /** Marks the rows {@code seqs} published, in one statement. */
  /** Returns how many entries it marked. */
  int markPublished(Connection c, List<Long> seqs, Instant at) throws SQLException {
    try (PreparedStatement up =
        c.prepareStatement(
            "UPDATE job_event_outbox SET published_at = ? WHERE region = ? AND seq = ANY(?)")) {
      Times.set(up, 1, at);
      up.setString(2, region);
      up.setArray(3, c.createArrayOf("BIGINT", seqs.toArray(Long[]::new)));
      return up.executeUpdate();
    }
  }

  int purgePublished(Connection c, Instant before) throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM job_event_outbox WHERE region = ? AND published_at < ?")) {
      del.setString(1, region);
      Times.set(del, 2, before);
      return del.executeUpdate();
    }
  }
}
