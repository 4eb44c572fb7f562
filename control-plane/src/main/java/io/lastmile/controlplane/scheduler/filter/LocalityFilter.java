package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A filter whose verdict depends only on the node's region, jurisdiction and market zone besides
 * the job. The scheduler runs these before the other filters, whatever their position in the list,
 * and once per locality of the view.
 */
public interface LocalityFilter extends Filter {

  /**
   * This filter over the localities of {@code cluster} ({@link ClusterView#roundTripsFrom} and
   * {@link ClusterView#averagePricesPerMwh} are indexed the same way); {@link LocalityCheck#PASS}
   * when the job asks nothing of it. By default the node check on a node of the locality; an
   * override must give the same verdicts.
   */
  default LocalityCheck prepareLocalities(SchedulingRequest job, ClusterView cluster) {
    NodeCheck check = prepare(job, cluster);
    return check == NodeCheck.PASS ? LocalityCheck.PASS : (locality, node) -> check.check(node);
  }

  /** One locality filter prepared for one job. */
  @FunctionalInterface
  interface LocalityCheck {
    /** Passes every locality. */
    LocalityCheck PASS = (locality, node) -> null;

    /**
     * @param locality index of the locality in the view
     * @param node any node of that locality
     * @return {@code null} when the locality passes, otherwise why not
     */
    Rejection check(int locality, NodeSnapshot node);
  }
}
