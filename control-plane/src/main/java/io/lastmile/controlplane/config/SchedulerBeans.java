package io.lastmile.controlplane.config;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.scheduler.ScoreWeights;
import io.lastmile.controlplane.scheduler.StandardChain;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scheduler's plain-Java parts built from {@code lastmile.scheduler.*}: the filter and scorer
 * chain with its weights, deferral, the wait for a cheap GPU, preemption and the queue. Bad values
 * fail the start with the full key named.
 */
@ApplicationScoped
public class SchedulerBeans {

  @Produces
  @Singleton
  Scheduler scheduler(LastmileConfig config, GpuPowerModel power, EnergyEstimator energy) {
    return new Scheduler(
        StandardChain.filters(power),
        StandardChain.scorers(energy, config.scheduler().packing()),
        ScoreWeights.of(config.scheduler().weights(), classWeights(config)));
  }

  @Produces
  @Singleton
  CheapGpuWait cheapGpuWait(LastmileConfig config, EnergyEstimator energy) {
    return new CheapGpuWait(
        config.scheduler().interruptibleWait().minSaving(),
        config.scheduler().interruptibleWait().maxWait(),
        energy);
  }

  @Produces
  @Singleton
  DeferralPolicy deferralPolicy(LastmileConfig config, EnergyEstimator energy) {
    return new DeferralPolicy(
        config.scheduler().deferral().minSaving(),
        config.scheduler().deferral().deadlineMargin(),
        config.scheduler().deferral().windowShare(),
        energy);
  }

  @Produces
  @Singleton
  PreemptionPlanner preemptionPlanner(Scheduler scheduler, GpuPowerModel power) {
    return new PreemptionPlanner(scheduler, power);
  }

  private static Map<JobClass, Map<String, Double>> classWeights(LastmileConfig config) {
    Map<JobClass, Map<String, Double>> out = new EnumMap<>(JobClass.class);
    config
        .scheduler()
        .classWeights()
        .forEach(
            (name, weights) -> {
              try {
                out.put(JobClass.valueOf(name.toUpperCase(Locale.ROOT)), weights);
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "lastmile.scheduler.class-weights.%s: not a job class (latency_critical,"
                            .formatted(name)
                        + " standard, deferrable, interruptible)");
              }
            });
    return out;
  }

  @Produces
  @Singleton
  SchedulingQueue schedulingQueue(LastmileConfig config) {
    return new SchedulingQueue(config.scheduler().maxBackoff());
  }
}
