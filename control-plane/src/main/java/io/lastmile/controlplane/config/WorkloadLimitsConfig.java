package io.lastmile.controlplane.config;

import io.lastmile.controlplane.api.WorkloadLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The most a submitted workload may carry, under {@code lastmile.workload-limits.*}. A submission
 * over a limit is {@code INVALID_ARGUMENT} naming the field. Agents check the same limits again
 * with their own settings ({@code lastmile.agent.workload.*}, same defaults).
 */
@ConfigMapping(prefix = "lastmile.workload-limits")
public interface WorkloadLimitsConfig {
  /** Most arguments of a job's workload, at least 0. */
  @WithDefault("256")
  int maxArgs();

  /** Most bytes of all arguments of a workload together, counted in UTF-8. */
  @WithDefault("131072")
  int maxArgsBytes();

  /** Most environment variables of a workload. */
  @WithDefault("128")
  int maxEnvEntries();

  /** Most bytes of all environment names and values of a workload together, counted in UTF-8. */
  @WithDefault("65536")
  int maxEnvBytes();

  default WorkloadLimits limits() {
    return new WorkloadLimits(maxArgs(), maxArgsBytes(), maxEnvEntries(), maxEnvBytes());
  }
}
