package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.Set;

/** The job's data never leaves the jurisdictions it allows. */
public final class JurisdictionFilter implements Filter {

  @Override
  public String name() {
    return "jurisdiction";
  }

  @Override
  public Rejection check(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    Set<String> allowed = job.spec().placement().allowedJurisdictions();
    String where = node.info().jurisdiction();
    if (allowed.isEmpty() || allowed.contains(where)) {
      return null;
    }
    return new Rejection(RejectReason.JURISDICTION_NOT_ALLOWED, 0, 0, where);
  }
}
