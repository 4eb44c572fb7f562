package io.lastmile.controlplane.config;

import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.jobs.EnergyPricer;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.metrics.ProcessCpu;
import io.lastmile.controlplane.metrics.PrometheusConventions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The control plane's meters and the conventions every meter on {@code /q/metrics} follows. */
public class MetricsBeans {
  /** Every Lastmile counter, registered before the first event it counts. */
  @Produces
  @Singleton
  LastmileMeters meters(MeterRegistry registry, Topology topology, EnergyPricer pricer) {
    return new LastmileMeters(registry, topology.regions().keySet(), pricer.currency());
  }

  /** Applied by Quarkus to every registry, before any meter is registered. */
  @Produces
  @Singleton
  MeterFilter prometheusConventions() {
    return new PrometheusConventions();
  }

  /**
   * Asking for {@code meters} creates them now, so every counter is on the first scrape even before
   * the first bean that counts is used.
   */
  void registerAtStart(
      @Observes StartupEvent event, MeterRegistry registry, LastmileMeters meters) {
    ProcessCpu.register(registry);
  }
}
