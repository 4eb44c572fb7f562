package io.lastmile.agent.runtime;

/**
 * The most an assignment's workload may carry. The control plane refuses larger jobs at submit; the
 * agent checks again, so a control plane with other settings (or a faulty one) cannot make it start
 * what it did not agree to.
 *
 * @param maxArgs most arguments
 * @param maxArgsBytes most bytes of all arguments together (UTF-8)
 * @param maxEnvEntries most environment variables
 * @param maxEnvBytes most bytes of all names and values together (UTF-8)
 */
public record WorkloadLimits(int maxArgs, int maxArgsBytes, int maxEnvEntries, int maxEnvBytes) {
  /** The defaults, the same as the control plane's. */
  public static final WorkloadLimits DEFAULTS = new WorkloadLimits(256, 128 * 1024, 128, 64 * 1024);
}
