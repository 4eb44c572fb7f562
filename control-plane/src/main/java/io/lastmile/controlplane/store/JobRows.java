package io.lastmile.controlplane.store;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.NodeInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of the store's writes and of its start-up reads: jobs, attempts and nodes, all keyed by
 * region.
 */
final class JobRows {
  private final String region;

  JobRows(String region) {
    this.region = region;
  }

  /** Adds inserts of {@code jobs} as one batch. */
  void insert(Connection c, List<Job> jobs) throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO jobs (region, "
                + JobReads.COLUMNS
                + ", "
                + SpecColumns.NAMES
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Job job : jobs) {
        ins.setString(1, region);
        ins.setString(2, job.id());
        ins.setString(3, job.requestId());
        ins.setString(4, JsonCodec.spec(job.spec()));
        setMutable(ins, 5, job);
        SpecColumns.set(ins, 19, job.spec());
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  /**
   * Writes {@code jobs}, each one version above the stored row.
   *
   * @throws JobStore.StaleVersionException naming the first job whose stored version differs
   */
  void update(Connection c, List<Job> jobs) throws SQLException {
    try (PreparedStatement up =
        c.prepareStatement(
            "UPDATE jobs SET state = ?, create_time = ?, update_time = ?, node_id = ?,"
                + " node_region = ?, attempt_id = ?, attempt_count = ?, exit_code = ?,"
                + " message = ?, energy_wh = ?, cost = ?, currency = ?, log_tail = ?, version = ?"
                + " WHERE id = ? AND version = ?")) {
      for (Job job : jobs) {
        setMutable(up, 1, job);
        up.setString(15, job.id());
        up.setLong(16, job.version() - 1);
        up.addBatch();
      }
      int[] counts = up.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          // The batch does not say which version is stored, only that it is not the expected one.
          throw new JobStore.StaleVersionException(jobs.get(i).id(), jobs.get(i).version() - 1, -1);
        }
      }
    }
  }

  private static void setMutable(PreparedStatement s, int from, Job job) throws SQLException {
    s.setString(from, job.state().name());
    Times.set(s, from + 1, job.createTime());
    Times.set(s, from + 2, job.updateTime());
    s.setString(from + 3, job.nodeId());
    s.setString(from + 4, job.nodeRegion());
    s.setString(from + 5, job.attemptId());
    s.setInt(from + 6, job.attemptCount());
    if (job.exitCode() == null) {
      s.setNull(from + 7, Types.INTEGER);
    } else {
      s.setInt(from + 7, job.exitCode());
    }
    s.setString(from + 8, job.message());
    s.setDouble(from + 9, job.energyWh());
    s.setDouble(from + 10, job.cost());
    s.setString(from + 11, job.currency());
    s.setString(from + 12, job.logTail());
    s.setLong(from + 13, job.version());
  }

  /** Adds each binding's attempt as one batch, bound at its job's update time. */
  void bindAttempts(Connection c, List<JobStore.Binding> bindings) throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO attempts (region, id, job_id, node_id, epoch, gpu_indices, cpu_millis,"
                + " memory_mib, bound_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (JobStore.Binding b : bindings) {
        Assignment a = b.attempt();
        ins.setString(1, region);
        ins.setString(2, a.attemptId());
        ins.setString(3, a.jobId());
        ins.setString(4, b.nodeId());
        ins.setLong(5, a.epoch());
        ins.setString(
            6, a.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(",")));
        ins.setInt(7, a.cpuMillis());
        ins.setLong(8, a.memoryMiB());
        Times.set(ins, 9, b.job().updateTime());
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  /** Frees each attempt's hold on its node, as one batch. */
  void releaseAttempts(Connection c, List<String> attemptIds, Instant now) throws SQLException {
    if (attemptIds.isEmpty()) {
      return;
    }
    try (PreparedStatement up =
        c.prepareStatement(
            "UPDATE attempts SET released_at = ? WHERE id = ? AND released_at IS NULL")) {
      for (String attemptId : attemptIds) {
        Times.set(up, 1, now);
        up.setString(2, attemptId);
        up.addBatch();
      }
      up.executeBatch();
    }
  }

  /**
   * Writes each node's row (the last of a node in {@code infos} wins), in the caller's transaction.
   */
  void upsertNodes(Connection c, List<NodeInfo> infos, Instant now) throws SQLException {
    try (PreparedStatement up =
            c.prepareStatement(
                "UPDATE nodes SET node_region = ?, info = ?, registered_at = ?"
                    + " WHERE region = ? AND id = ?");
        PreparedStatement ins =
            c.prepareStatement(
                "INSERT INTO nodes (region, id, node_region, info, registered_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      for (NodeInfo info : infos) {
        String json = JsonCodec.node(info);
        up.setString(1, info.region());
        up.setString(2, json);
        Times.set(up, 3, now);
        up.setString(4, region);
        up.setString(5, info.id());
        if (up.executeUpdate() == 0) {
          ins.setString(1, region);
          ins.setString(2, info.id());
          ins.setString(3, info.region());
          ins.setString(4, json);
          Times.set(ins, 5, now);
          ins.executeUpdate();
        }
      }
    }
  }

  List<NodeInfo> loadNodes(Connection c) throws SQLException {
    List<NodeInfo> nodes = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement("SELECT info FROM nodes WHERE region = ?")) {
      q.setString(1, region);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          nodes.add(JsonCodec.node(rs.getString(1)));
        }
      }
    }
    return nodes;
  }

  List<StoredState.Attempt> loadLiveAttempts(Connection c) throws SQLException {
    List<StoredState.Attempt> out = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT id, job_id, node_id, epoch, gpu_indices, cpu_millis, memory_mib"
                + " FROM attempts WHERE region = ? AND released_at IS NULL")) {
      q.setString(1, region);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String gpus = rs.getString(5);
          out.add(
              new StoredState.Attempt(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  gpus.isEmpty()
                      ? List.of()
                      : Arrays.stream(gpus.split(",")).map(Integer::valueOf).toList(),
                  rs.getInt(6),
                  rs.getLong(7)));
        }
      }
    }
    return out;
  }

  long maxEpoch(Connection c) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT COALESCE(MAX(epoch), 0) FROM attempts WHERE region = ?")) {
      q.setString(1, region);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
