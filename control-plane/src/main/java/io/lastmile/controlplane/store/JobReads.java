package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** The SQL that reads jobs back, all of one region. */
final class JobReads {
  static final String COLUMNS =
      "id, request_id, spec, state, create_time, update_time, node_id, node_region, attempt_id,"
          + " attempt_count, exit_code, message, energy_wh, cost, currency, log_tail, version";

  private static final Logger LOG = Logger.getLogger(JobReads.class);

  private final String region;
  private final Retention retention;

  JobReads(String region, Retention retention) {
    this.region = region;
    this.retention = retention;
  }

  /**
   * The jobs memory holds from the start: those the retention keeps at {@code now} in the order
   * they finished, then every unfinished one. First fills in the listing columns of jobs stored
   * before they existed.
   */
  List<Job> toHold(Connection c, Instant now) throws SQLException {
    int filled = SpecColumns.backfill(c, region);
    if (filled > 0) {
      LOG.infof("filled in the listing columns of %d jobs stored before they existed", filled);
    }
    List<Job> jobs = new ArrayList<>(loadRetained(c, now));
    jobs.addAll(loadUnfinished(c));
    return jobs;
  }

  /** Every unfinished job: they always stay in memory. */
  private List<Job> loadUnfinished(Connection c) throws SQLException {
    return select(c, "state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')", q -> {});
  }

  /** The finished jobs the retention keeps at {@code now}, the one that finished first first. */
  private List<Job> loadRetained(Connection c, Instant now) throws SQLException {
    if (retention.finishedJobs() == 0) {
      return List.of();
    }
    List<Job> newestFirst =
        select(
            c,
            "state IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND update_time >= ?"
                + " ORDER BY update_time DESC, id DESC LIMIT ?",
            q -> {
              Times.set(q, 2, now.minus(retention.finishedAge()));
              q.setInt(3, retention.finishedJobs());
            });
    List<Job> oldestFirst = new ArrayList<>(newestFirst);
    Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  Optional<Job> byId(Connection c, String jobId) throws SQLException {
    return select(c, "id = ?", q -> q.setString(2, jobId)).stream().findFirst();
  }

  /** The stored jobs of those of {@code requestIds} that have one, by request id. */
  Map<String, Job> byRequestIds(Connection c, List<String> requestIds) throws SQLException {
    String marks = String.join(", ", Collections.nCopies(requestIds.size(), "?"));
    List<Job> found =
        select(
            c,
            "request_id IN (" + marks + ")",
            q -> {
              for (int i = 0; i < requestIds.size(); i++) {
                q.setString(2 + i, requestIds.get(i));
              }
            });
    return found.stream().collect(Collectors.toMap(Job::requestId, job -> job));
  }

  /**
   * The region's jobs that {@code where} selects; its parameters are set by {@code params} from
   * index 2 on (1 is the region).
   */
  List<Job> select(Connection c, String where, Params params) throws SQLException {
    List<Job> jobs = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE region = ? AND " + where)) {
      q.setString(1, region);
      params.set(q);
      q.setFetchSize(5000);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          jobs.add(read(rs));
        }
      }
    }
    return jobs;
  }

  /** Sets a statement's parameters. */
  @FunctionalInterface
  interface Params {
    void set(PreparedStatement q) throws SQLException;
  }

  private static Job read(ResultSet rs) throws SQLException {
    int exit = rs.getInt(11);
    Integer exitCode = rs.wasNull() ? null : exit;
    return new Job(
        rs.getString(1),
        rs.getString(2),
        JsonCodec.spec(rs.getString(3)),
        JobState.valueOf(rs.getString(4)),
        Times.get(rs, 5),
        Times.get(rs, 6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getInt(10),
        exitCode,
        rs.getString(12),
        rs.getDouble(13),
        rs.getDouble(14),
        rs.getString(15),
        rs.getString(16),
        rs.getLong(17));
  }
}
