package io.lastmile.controlplane.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/** Shared assertion for filter tables: the exact phrase, or null when the node passes. */
final class FilterTables {
  private FilterTables() {}

  static void assertVerdict(
      Filter filter,
      SchedulingRequest job,
      NodeSnapshot node,
      ClusterView cluster,
      String expected) {
    Rejection rejection = filter.prepare(job, cluster).check(node);
    if (expected == null) {
      assertThat(rejection).isNull();
    } else {
      assertThat(rejection).isNotNull();
      assertThat(rejection.describe()).isEqualTo(expected);
    }
  }
}
