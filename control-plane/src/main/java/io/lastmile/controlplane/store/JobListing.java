package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Listings of a region's jobs answered by the database, which holds every job, finished ones that
 * left memory included: pages follow one order over one set of rows, so none is shown twice or
 * skipped.
 */
final class JobListing {
  private final Database db;
  private final String region;
  private final JobReads reads;
  private final JobCache cache;

  JobListing(Database db, String region, JobReads reads, JobCache cache) {
    this.db = db;
    this.region = region;
    this.reads = reads;
    this.cache = cache;
  }

  /**
   * See {@link JobStore#list(Set, String, int, String)}. A listing of unfinished jobs only is
   * answered from memory, which holds all of them.
   */
  JobStore.Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
    cache.expire();
    if (!states.isEmpty() && states.stream().noneMatch(JobState::isTerminal)) {
      return cache.list(states, tenant, pageSize, pageToken);
    }
    JobStore.Page stored = db.inTransaction(c -> list(c, states, tenant, pageSize, pageToken));
    return new JobStore.Page(cache.asHeld(stored.jobs()), stored.nextPageToken());
  }

  /** See {@link JobStore#find}. */
  JobStore.Found find(JobQuery query) {
    cache.expire();
    JobStore.Found stored = db.inTransaction(c -> find(c, query));
    return new JobStore.Found(cache.asHeld(stored.jobs()), stored.total(), stored.byState());
  }

  private JobStore.Page list(
      Connection c, Set<JobState> states, String tenant, int pageSize, String pageToken)
      throws SQLException {
    Where where = new Where();
    where.in("state", states.stream().map(Enum::name).toList());
    if (!tenant.isEmpty()) {
      where.add("tenant = ?", tenant);
    }
    if (!pageToken.isEmpty()) {
      PageToken after = PageToken.decode(pageToken);
      where.add(
          "(create_time < ? OR (create_time = ? AND id < ?))",
          after.createTime(),
          after.createTime(),
          after.jobId());
    }
    List<Job> rows =
        reads.select(
            c,
            where.sql() + " ORDER BY create_time DESC, id DESC LIMIT " + (pageSize + 1),
            where::bind);
    if (rows.size() <= pageSize) {
      return new JobStore.Page(rows, "");
    }
    List<Job> page = rows.subList(0, pageSize);
    return new JobStore.Page(List.copyOf(page), PageToken.after(page.get(pageSize - 1)).encode());
  }

  private JobStore.Found find(Connection c, JobQuery query) throws SQLException {
    Where exceptState = filtersExceptState(query);
    Map<JobState, Integer> byState = countByState(c, exceptState);
    int total = 0;
    for (Map.Entry<JobState, Integer> e : byState.entrySet()) {
      total += query.states().isEmpty() || query.states().contains(e.getKey()) ? e.getValue() : 0;
    }
    Where where = filtersExceptState(query);
    where.in("state", query.states().stream().map(Enum::name).toList());
    String order =
        " ORDER BY %s %s, create_time DESC, id DESC LIMIT %d OFFSET %d"
            .formatted(
                query.sort().column(),
                query.descending() ? "DESC" : "ASC",
                query.limit(),
                query.offset());
    return new JobStore.Found(reads.select(c, where.sql() + order, where::bind), total, byState);
  }

  private Map<JobState, Integer> countByState(Connection c, Where where) throws SQLException {
    Map<JobState, Integer> byState = new EnumMap<>(JobState.class);
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT state, COUNT(*) FROM jobs WHERE region = ? AND "
                + where.sql()
                + " GROUP BY state")) {
      q.setString(1, region);
      where.bind(q);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          byState.put(JobState.valueOf(rs.getString(1)), rs.getInt(2));
        }
      }
    }
    return byState;
  }

  /** {@link JobQuery#matchesExceptState} in SQL. */
  private static Where filtersExceptState(JobQuery query) {
    Where where = new Where();
    if (!query.tenant().isEmpty()) {
      where.add("tenant = ?", query.tenant());
    }
    where.in("job_class", query.classes().stream().map(Enum::name).toList());
    if (!query.nodeId().isEmpty()) {
      where.add("node_id = ?", query.nodeId());
    }
    if (!query.region().isEmpty()) {
      where.add(
          "(node_region = ? OR (node_region = '' AND origin_region = ?))",
          query.region(),
          query.region());
    }
    if (!query.text().isEmpty()) {
      String like =
          "%" + query.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      where.add("(LOWER(id) LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\')", like, like);
    }
    return where;
  }

  /** Conditions joined by AND, with their parameters from index 2 on (1 is the region). */
  private static final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    void add(String condition, Object... params) {
      conditions.add(condition);
      values.addAll(List.of(params));
    }

    /** A column in one of {@code any}; no condition when {@code any} is empty. */
    void in(String column, Collection<String> any) {
      if (!any.isEmpty()) {
        add(
            column + " IN (" + String.join(", ", any.stream().map(v -> "?").toList()) + ")",
            any.toArray());
      }
    }

    String sql() {
      return conditions.isEmpty() ? "1 = 1" : String.join(" AND ", conditions);
    }

    void bind(PreparedStatement q) throws SQLException {
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) instanceof Instant at) {
          Times.set(q, 2 + i, at);
        } else {
          q.setString(2 + i, (String) values.get(i));
        }
      }
    }
  }
}
