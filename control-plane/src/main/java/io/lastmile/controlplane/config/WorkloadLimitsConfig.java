package io.lastmile.controlplane.config;

import io.lastmile.controlplane.api.WorkloadLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The most a submitted workload may carry, under {@code lastmile.workload-limits.*}; documented in
 * the README. Agents check the same limits again with their own settings (same defaults).
 */
@ConfigMapping(prefix = "lastmile.workload-limits")
public interface WorkloadLimitsConfig {
  /** Most arguments. */
  @WithDefault("256")
  int maxArgs();

  /** Most bytes of all arguments together (UTF-8). */
  @WithDefault("131072")
  int maxArgsBytes();

  /** Most environment variables. */
  @WithDefault("128")
  int maxEnvEntries();

  /** Most bytes of all environment names and values together (UTF-8). */
  @WithDefault("65536")
  int maxEnvBytes();

  default WorkloadLimits limits() {
    return new WorkloadLimits(maxArgs(), maxArgsBytes(), maxEnvEntries(), maxEnvBytes());
  }
}
