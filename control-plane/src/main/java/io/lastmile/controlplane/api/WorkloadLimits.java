package io.lastmile.controlplane.api;

/**
 * The most a submitted workload may carry; the defaults keep a job well inside what one {@code
 * execve} accepts and what an agent accepts by default.
 *
 * @param maxArgs most arguments
 * @param maxArgsBytes most bytes of all arguments together (UTF-8)
 * @param maxEnvEntries most environment variables
 * @param maxEnvBytes most bytes of all names and values together (UTF-8)
 */
public record WorkloadLimits(int maxArgs, int maxArgsBytes, int maxEnvEntries, int maxEnvBytes) {
  public static final WorkloadLimits DEFAULTS = new WorkloadLimits(256, 128 * 1024, 128, 64 * 1024);
}
