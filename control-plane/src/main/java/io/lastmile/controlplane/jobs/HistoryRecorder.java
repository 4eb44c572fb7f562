package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.energy.RecordedEnergyHistory;

/**
 * Feeds successful runs into the energy history, so the scheduler's next estimate for the same job
 * uses what it measured. Failed and cancelled runs say little about a typical run and are left out.
 */
public final class HistoryRecorder implements AttemptListener {
  private final RecordedEnergyHistory history;

  public HistoryRecorder(RecordedEnergyHistory history) {
    this.history = history;
  }

  @Override
  public void finished(FinishedAttempt attempt) {
    if (attempt.phase() == AttemptPhase.SUCCEEDED) {
      attempt.runTime().ifPresent(t -> history.record(attempt.job().spec(), attempt.energyWh(), t));
    }
  }
}
