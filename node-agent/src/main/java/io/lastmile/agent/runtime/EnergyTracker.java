package io.lastmile.agent.runtime;

import java.util.Set;

/** Attributes the GPUs' measured energy to the attempts running on them. */
public interface EnergyTracker {

  /** The attempt started on these GPUs. */
  void started(String attemptId, Set<Integer> gpuIndices);

  /** Energy attributed to the running attempt so far, in watt-hours. */
  double soFarWh(String attemptId);

  /** The attempt ended; returns its total energy in watt-hours. */
  double finishedWh(String attemptId);

  /** Meters nothing: every attempt used no energy (a node without GPUs to measure). */
  EnergyTracker NONE =
      new EnergyTracker() {
        @Override
        public void started(String attemptId, Set<Integer> gpuIndices) {}

        @Override
        public double soFarWh(String attemptId) {
          return 0;
        }

        @Override
        public double finishedWh(String attemptId) {
          return 0;
        }
      };
}
