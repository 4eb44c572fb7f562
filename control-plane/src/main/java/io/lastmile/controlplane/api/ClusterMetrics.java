package io.lastmile.controlplane.api;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.Region;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.jobs.FinishedAttempt;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.scheduler.NodeCondition;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Gauges and counters a Grafana user asks for: capacity and power per region, pending jobs by
 * reason, queue age, connected agents, how far ahead prices are known, and energy and cost per
 * region as attempts finish. Gauges read summaries that are recomputed at most once a second, so a
 * scrape never walks the cluster once per series.
 */
@ApplicationScoped
public class ClusterMetrics {
  private static final Duration REFRESH = Duration.ofSeconds(1);

  @Inject MeterRegistry registry;
  @Inject ClusterState cluster;
  @Inject JobControl jobs;
  @Inject Topology topology;
  @Inject Clock clock;
  @Inject MarketPrices prices;
  @Inject LastmileMeters meters;

  private Cached<Map<String, RegionLoad>> regions;
  private Cached<PendingSummary> pending;
  private Cached<Map<NodeCondition, Integer>> nodeStates;

  /** Capacity and power of one region's nodes. */
  record RegionLoad(int nodes, int gpusTotal, int gpusFree, double powerDrawW) {
    static final RegionLoad NONE = new RegionLoad(0, 0, 0, 0);

    RegionLoad plus(NodeSnapshot n) {
      return new RegionLoad(
          nodes + 1,
          gpusTotal + n.gpuCount(),
          gpusFree + n.placeableGpuCount(),
          powerDrawW + n.powerDrawW());
    }
  }

  /**
   * Pending jobs per reason, the age of the oldest one, and of the oldest that no node can take
   * (every reason but {@link PendingReasons#WAITING}, which is waiting by choice for a cheaper
   * hour).
   */
  record PendingSummary(
      Map<String, Integer> byReason, double oldestAgeSeconds, double oldestBlockedAgeSeconds) {}

  void register(@Observes StartupEvent event) {
    regions = new Cached<>(this::regionLoads);
    pending = new Cached<>(this::pendingSummary);
    nodeStates = new Cached<>(this::nodeStates);
    Gauge.builder("lastmile.agents.connected", cluster, ClusterState::connectedCount)
        .description("Agents with an open session")
        .register(registry);
    Gauge.builder("lastmile.orphan.results", jobs, j -> j.orphans().size())
        .description(
            "Results agents reported for attempts of jobs this control plane does not know")
        .register(registry);
    for (String region : topology.regions().keySet()) {
      regionGauge("lastmile.region.nodes", region, "Registered nodes", "", r -> r.nodes());
      regionGauge(
          "lastmile.region.gpus", region, "GPUs on registered nodes", "", r -> r.gpusTotal());
      regionGauge(
          "lastmile.region.gpus.free",
          region,
          "GPUs not allocated on nodes that take new work (none on cordoned or not-ready nodes)",
          "",
          r -> r.gpusFree());
      regionGauge(
          "lastmile.region.power.draw",
          region,
          "GPU power draw at the last heartbeats",
          "watts",
          RegionLoad::powerDrawW);
    }
    for (NodeCondition condition : NodeCondition.values()) {
      Gauge.builder("lastmile.nodes", () -> nodeStates.get().getOrDefault(condition, 0))
          .description("Registered nodes by state: READY, NOT_READY (silent or gone), CORDONED")
          .tag("state", condition.name())
          .register(registry);
    }
    for (String reason : PendingReasons.all()) {
      Gauge.builder("lastmile.jobs.pending", () -> pending.get().byReason().getOrDefault(reason, 0))
          .description("Pending jobs by the main reason of their last scheduling decision")
          .tag("reason", reason)
          .register(registry);
    }
    Gauge.builder("lastmile.queue.oldest.pending", () -> pending.get().oldestAgeSeconds())
        .description("Age of the oldest pending job since it was submitted")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("lastmile.queue.oldest.blocked", () -> pending.get().oldestBlockedAgeSeconds())
        .description(
            "Age of the oldest pending job that no node can take now (deferred jobs excluded)")
        .baseUnit("seconds")
        .register(registry);
    for (String zone : zones()) {
      Gauge.builder("lastmile.prices.ahead", () -> pricesAheadSeconds(zone))
          .description(
              "Time from now to the end of the last hour priced in this market zone; negative or"
                  + " -Inf when the scheduler is working on stale prices")
          .tag("zone", zone)
          .baseUnit("seconds")
          .register(registry);
    }
    jobs.onAttemptFinished(this::attemptFinished);
  }

  private void regionGauge(
      String name,
      String region,
      String description,
      String unit,
      java.util.function.ToDoubleFunction<RegionLoad> value) {
    Gauge.Builder<ClusterMetrics> b =
        Gauge.builder(
                name,
                this,
                m -> value.applyAsDouble(m.regions.get().getOrDefault(region, RegionLoad.NONE)))
            .description(description)
            .tag("region", region);
    if (!unit.isEmpty()) {
      b.baseUnit(unit);
    }
    b.register(registry);
  }

  private void attemptFinished(FinishedAttempt attempt) {
    meters.attemptFinished(attempt.job().nodeRegion(), attempt.energyWh(), attempt.cost());
  }

  private Map<String, RegionLoad> regionLoads() {
    Map<String, RegionLoad> out = new HashMap<>();
    for (NodeSnapshot n : cluster.snapshot()) {
      out.merge(n.info().region(), RegionLoad.NONE.plus(n), (a, b) -> a.plus(n));
    }
    return out;
  }

  private Map<NodeCondition, Integer> nodeStates() {
    Map<NodeCondition, Integer> out = new EnumMap<>(NodeCondition.class);
    for (NodeSnapshot n : cluster.snapshot()) {
      out.merge(n.condition(), 1, Integer::sum);
    }
    return out;
  }

  private PendingSummary pendingSummary() {
    Map<String, Integer> byReason = new HashMap<>();
    Instant now = clock.instant();
    Instant oldest = now;
    Instant oldestBlocked = now;
    // One listing: each page of a listing goes over every job held.
    for (Job job : jobs.list(EnumSet.of(JobState.PENDING), Integer.MAX_VALUE, "").jobs()) {
      String reason = PendingReasons.of(jobs.explanation(job.id()).orElse(null));
      byReason.merge(reason, 1, Integer::sum);
      if (job.createTime().isBefore(oldest)) {
        oldest = job.createTime();
      }
      if (!reason.equals(PendingReasons.WAITING) && job.createTime().isBefore(oldestBlocked)) {
        oldestBlocked = job.createTime();
      }
    }
    return new PendingSummary(byReason, seconds(oldest, now), seconds(oldestBlocked, now));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private java.util.Set<String> zones() {
    java.util.Set<String> zones = new TreeSet<>();
    for (Region region : topology.regions().values()) {
      zones.add(region.marketZone());
    }
    return zones;
  }

  private double pricesAheadSeconds(String zone) {
    Instant last = prices.book().lastHour(zone);
    if (last == null) {
      return Double.NEGATIVE_INFINITY;
    }
    return seconds(clock.instant(), last.plus(Duration.ofHours(1)));
  }

  /** A value recomputed when older than {@link #REFRESH}. */
  private final class Cached<T> {
    private final Supplier<T> compute;
    private T value;
    private Instant at = Instant.MIN;

    Cached(Supplier<T> compute) {
      this.compute = compute;
    }

    synchronized T get() {
      Instant now = clock.instant();
      if (value == null || at.plus(REFRESH).isBefore(now)) {
        value = compute.get();
        at = now;
      }
      return value;
    }
  }
}
