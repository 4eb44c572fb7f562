package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.JobSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spec fields that listings filter and sort by, kept in columns of their own next to the spec's
 * JSON, so that the database answers listings of jobs no longer in memory.
 */
final class SpecColumns {
  /** The columns, in the order {@link #set} sets them. */
  static final String NAMES = "tenant, job_class, name, origin_region, gpu_count";

  /** The name column's width: longer names are cut there (they still match on their start). */
  private static final int NAME_WIDTH = 255;

  private static final int BACKFILL_BATCH = 1000;

  private SpecColumns() {}

  /** Sets the columns of {@code spec} from parameter {@code from} on. */
  static void set(PreparedStatement s, int from, JobSpec spec) throws SQLException {
    s.setString(from, spec.tenant());
    s.setString(from + 1, spec.jobClass().name());
    String name = spec.name();
    s.setString(from + 2, name.length() > NAME_WIDTH ? name.substring(0, NAME_WIDTH) : name);
    s.setString(from + 3, spec.placement().originRegion());
    s.setInt(from + 4, spec.resources().gpuCount());
  }

  /**
   * Fills the columns of the region's jobs stored before they existed (NULL), from each job's spec.
   *
   * @return how many jobs were filled in
   */
  static int backfill(Connection c, String region) throws SQLException {
    int filled = 0;
    int found;
    do {
      Map<String, JobSpec> specs = unfilled(c, region);
      found = specs.size();
      try (PreparedStatement up =
          c.prepareStatement(
              "UPDATE jobs SET tenant = ?, job_class = ?, name = ?, origin_region = ?,"
                  + " gpu_count = ? WHERE id = ?")) {
        for (Map.Entry<String, JobSpec> e : specs.entrySet()) {
          set(up, 1, e.getValue());
          up.setString(6, e.getKey());
          up.addBatch();
        }
        if (found > 0) {
          up.executeBatch();
        }
      }
      filled += found;
    } while (found == BACKFILL_BATCH);
    return filled;
  }

  private static Map<String, JobSpec> unfilled(Connection c, String region) throws SQLException {
    Map<String, JobSpec> specs = new LinkedHashMap<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT id, spec FROM jobs WHERE region = ? AND job_class IS NULL LIMIT "
                + BACKFILL_BATCH)) {
      q.setString(1, region);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          specs.put(rs.getString(1), JsonCodec.spec(rs.getString(2)));
        }
      }
    }
    return specs;
  }
}
