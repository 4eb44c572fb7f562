package io.lastmile.controlplane.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;

/**
 * {@code process_cpu_seconds_total}, the name Prometheus' own clients give the CPU time a process
 * has used ({@code rate()} of it is the share of one core). Micrometer's counts nanoseconds under
 * another name, which {@link PrometheusConventions} drops.
 */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** Registers the counter when the JVM can read its own CPU time; otherwise nothing. */
  public static void register(MeterRegistry registry) {
    if (!(ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os)) {
      return;
    }
    FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
        .description("CPU time the control plane's process has used")
        .baseUnit("seconds")
        .register(registry);
  }
}
