package io.lastmile.controlplane.metrics;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.energy.PriceIntake;
import io.lastmile.controlplane.energy.PriceRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every counter of the control plane, registered when it starts with every label value it can take
 * (job classes, the topology's regions, price outcomes and rejection reasons). A counter that
 * appears only at its first event has no sample before it, so Prometheus' {@code rate()} and {@code
 * increase()} miss that event: the first preemption of a fleet would never show on a dashboard.
 */
public final class LastmileMeters {
  /** The region label of energy from attempts that never reached a node's region. */
  public static final String UNKNOWN_REGION = "unknown";

  private static final double JOULES_PER_WH = 3600;

  private final MeterRegistry registry;
  private final String currency;
  private final Map<JobClass, Counter> submitted = new EnumMap<>(JobClass.class);
  private final Map<String, Counter> placements = new ConcurrentHashMap<>();
  private final Map<String, Counter> energyJoules = new ConcurrentHashMap<>();
  private final Map<String, Counter> energyCost = new ConcurrentHashMap<>();
  private final Map<PriceIntake.Outcome, Counter> pricesReceived =
      new EnumMap<>(PriceIntake.Outcome.class);
  private final Map<PriceRejection, Counter> pricesRejected = new EnumMap<>(PriceRejection.class);
  private final Counter preemptions;
  private final Counter eventsPublished;
  private final Timer decisions;

  /** Registers every counter for {@code regions} and costs in {@code currency}. */
  public LastmileMeters(MeterRegistry registry, Collection<String> regions, String currency) {
    this.registry = registry;
    this.currency = currency;
    for (JobClass c : JobClass.values()) {
      submitted.put(
          c,
          Counter.builder("lastmile.jobs.submitted")
              .description("Jobs accepted by SubmitJob, by job class")
              .tag("class", c.name())
              .register(registry));
    }
    for (String region : regions) {
      placement(region);
      energy(region);
    }
    energy(UNKNOWN_REGION);
    for (PriceIntake.Outcome o : PriceIntake.Outcome.values()) {
      pricesReceived.put(
          o,
          Counter.builder("lastmile.prices.received")
              .description("Hourly prices read from power-prices, by what the price book did")
              .tag("outcome", o.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    for (PriceRejection r : PriceRejection.values()) {
      pricesRejected.put(
          r,
          Counter.builder("lastmile.prices.rejected")
              .description("Price messages refused and sent to power-prices-dlq, by reason")
              .tag("reason", r.name())
              .register(registry));
    }
    preemptions =
        Counter.builder("lastmile.preemptions")
            .description("Attempts stopped to make room for latency-critical jobs")
            .register(registry);
    eventsPublished =
        Counter.builder("lastmile.job.events.published")
            .description("Job lifecycle events handed to the job-events channel")
            .register(registry);
    decisions =
        Timer.builder("lastmile.scheduler.decision")
            .description("Time to decide one job's placement")
            .publishPercentileHistogram()
            .register(registry);
  }

  public void submitted(JobClass jobClass) {
    submitted.get(jobClass).increment();
  }

  public void placed(String region) {
    placement(region).increment();
  }

  public void preempted(int attempts) {
    preemptions.increment(attempts);
  }

  public void eventPublished() {
    eventsPublished.increment();
  }

  public void pricesReceived(PriceIntake.Outcome outcome, int prices) {
    pricesReceived.get(outcome).increment(prices);
  }

  public void priceRejected(PriceRejection reason) {
    pricesRejected.get(reason).increment();
  }

  /**
   * A finished attempt's IT energy (counted in joules, Prometheus' base unit) and its cost; a cost
   * that is not finite (no price for its hours) is left out rather than poisoning the counter.
   */
  public void attemptFinished(String region, double energyWh, double cost) {
    String r = region.isEmpty() ? UNKNOWN_REGION : region;
    energy(r);
    this.energyJoules.get(r).increment(energyWh * JOULES_PER_WH);
    if (Double.isFinite(cost)) {
      energyCost.get(r).increment(cost);
    }
  }

  /** Times one scheduling decision. */
  public Timer.Sample startDecision() {
    return Timer.start(registry);
  }

  public void decided(Timer.Sample sample) {
    sample.stop(decisions);
  }

  private Counter placement(String region) {
    return placements.computeIfAbsent(
        region,
        r ->
            Counter.builder("lastmile.placements")
                .description("Attempts bound to a node, by the node's region")
                .tag("region", r)
                .register(registry));
  }

  private void energy(String region) {
    energyJoules.computeIfAbsent(
        region,
        r ->
            Counter.builder("lastmile.energy")
                .description("IT energy of finished attempts, by the node's region (3600 J = 1 Wh)")
                .baseUnit("joules")
                .tag("region", r)
                .register(registry));
    energyCost.computeIfAbsent(
        region,
        r ->
            Counter.builder("lastmile.energy.cost")
                .description(
                    "Electricity cost of finished attempts (energy x PUE x price of the hour)")
                .tag("region", r)
                .tag("currency", currency)
                .register(registry));
  }
}
