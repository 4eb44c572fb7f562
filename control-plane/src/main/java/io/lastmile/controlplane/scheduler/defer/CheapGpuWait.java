package io.lastmile.controlplane.scheduler.defer;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.EnergyCost;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Whether an {@link JobClass#INTERRUPTIBLE} job takes the free GPU it was placed on or stays queued
 * for a cheaper one. It waits while a run on that GPU would cost at least {@code minSaving} (a
 * fraction) more than on the cheapest node of the fleet that could host it when free (every filter
 * passes on the node left idle), and for at most {@code maxWait} after it was submitted; from then
 * on it takes any free GPU. A job that was preempted keeps its submission time, so it waits no more
 * once that is past. A {@code maxWait} of zero switches waiting off.
 *
 * <p>Interruptible work has no user waiting and no deadline, and whatever it starts on a dear node
 * while cheap ones are briefly busy it pays for its whole run; a latency-critical job, on the other
 * hand, may preempt it wherever it runs.
 */
public final class CheapGpuWait {

  private final double minSaving;
  private final Duration maxWait;
  private final EnergyEstimator energy;

  public CheapGpuWait(double minSaving, Duration maxWait, EnergyEstimator energy) {
    if (!(minSaving >= 0 && minSaving <= 1)) {
      throw new IllegalArgumentException(
          "lastmile.scheduler.interruptible-wait.min-saving must be in [0, 1], got " + minSaving);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "lastmile.scheduler.interruptible-wait.max-wait must be >= 0, got " + maxWait);
    }
    this.minSaving = minSaving;
    this.maxWait = maxWait;
    this.energy = energy;
  }

  /** Whether {@code job}, submitted at {@code submitted} and placed on {@code node}, starts now. */
  public Deferral decide(
      SchedulingRequest job,
      NodeInfo node,
      Instant submitted,
      ClusterView view,
      Scheduler scheduler) {
    if (job.spec().jobClass() != JobClass.INTERRUPTIBLE || maxWait.isZero()) {
      return new Deferral.StartNow("starts now: does not wait for a cheaper GPU");
    }
    Instant latest = submitted.plus(maxWait);
    if (!view.now().isBefore(latest)) {
      return new Deferral.StartNow(
          "starts now: submitted at %s, it waits for a cheaper GPU no longer than %s"
              .formatted(submitted, maxWait));
    }
    double here = cost(job, node, view);
    if (Double.isNaN(here)) {
      return new Deferral.StartNow("starts now: no price known for " + node.marketZone());
    }
    NodeInfo best = cheapest(job, view, scheduler);
    double there = best == null ? Double.NaN : cost(job, best, view);
    double saving = Double.isNaN(there) ? 0 : DeferralPolicy.fraction(here, there);
    if (saving < minSaving) {
      return new Deferral.StartNow(
          "starts now: no node that could host it is %s cheaper than %s"
              .formatted(DeferralPolicy.percent(minSaving), node.marketZone()));
    }
    String currency = view.prices().currency();
    return new Deferral.WaitUntil(
        latest,
        saving,
        here - there,
        currency,
        "waits for a GPU in %s: %s %s there instead of %s in %s saves %s; takes any GPU from %s"
            .formatted(
                best.marketZone(),
                number(there),
                currency,
                number(here),
                node.marketZone(),
                DeferralPolicy.percent(saving),
                latest));
  }

  /** The node with the cheapest expected run among those that could host the job when free. */
  private NodeInfo cheapest(SchedulingRequest job, ClusterView view, Scheduler scheduler) {
    NodeInfo best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (NodeSnapshot n : view.nodes()) {
      double c = cost(job, n.info(), view);
      if (c < bestCost && scheduler.rejection(job, NodeSnapshot.idle(n.info()), view) == null) {
        best = n.info();
        bestCost = c;
      }
    }
    return best;
  }

  /** Expected cost of one run on the node from now; NaN without a price. */
  private double cost(SchedulingRequest job, NodeInfo node, ClusterView view) {
    double price =
        view.prices().averagePricePerMwh(node.marketZone(), view.now(), energy.runTime(job.spec()));
    return EnergyCost.of(energy.itEnergyWh(job.spec(), node), node.pue(), price);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
