package io.lastmile.agent.session;

import io.lastmile.agent.gpu.GpuReading;
import io.lastmile.agent.runtime.AttemptStatus;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.Gpu;

/** Translation from the agent's values to protocol messages. */
final class AgentProtos {
  private AgentProtos() {}

  static Gpu gpu(GpuReading g) {
    return Gpu.newBuilder()
        .setIndex(g.index())
        .setUuid(g.uuid())
        .setModel(g.model())
        .setMemoryTotalMib(g.memoryTotalMiB())
        .setMemoryUsedMib(g.memoryUsedMiB())
        .setUtilizationPercent(Math.max(0, g.utilizationPercent()))
        .setPowerDrawW(Double.isNaN(g.powerDrawW()) ? 0 : g.powerDrawW())
        .setPowerLimitW(Double.isNaN(g.powerLimitW()) ? 0 : g.powerLimitW())
        .setMigEnabled(g.migEnabled())
        .build();
  }

  static io.lastmile.api.v1.AttemptStatus status(AttemptStatus s) {
    io.lastmile.api.v1.AttemptStatus.Builder b =
        io.lastmile.api.v1.AttemptStatus.newBuilder()
            .setAttemptId(s.spec().attemptId())
            .setJobId(s.spec().jobId())
            .setEpoch(s.spec().epoch())
            .setState(AttemptState.valueOf("ATTEMPT_STATE_" + s.phase().name()))
            .setMessage(s.message())
            .setEnergyWh(s.energyWh())
            .setLogTail(s.logTail());
    if (s.exitCode() != null) {
      b.setExitCode(s.exitCode()).setHasExitCode(true);
    }
    return b.build();
  }
}
