package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.Set;

/** The job's data never leaves the jurisdictions it allows. */
public final class JurisdictionFilter implements LocalityFilter {

  @Override
  public String name() {
    return "jurisdiction";
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    Set<String> allowed = job.spec().placement().allowedJurisdictions();
    if (allowed.isEmpty()) {
      return NodeCheck.PASS;
    }
    return node -> {
      String where = node.info().jurisdiction();
      return allowed.contains(where)
          ? null
          : new Rejection(RejectReason.JURISDICTION_NOT_ALLOWED, 0, 0, where);
    };
  }
}
