package io.lastmile.controlplane.jobs;

/**
 * Hears of finished attempts (metrics, energy history); called under the lifecycle lock, so it must
 * be quick.
 */
public interface AttemptListener {
  void finished(FinishedAttempt attempt);
}
