package io.lastmile.controlplane.api;

import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.AttemptAck;
import io.lastmile.api.v1.Cancel;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Drain;
import io.lastmile.api.v1.Registered;
import io.lastmile.controlplane.cluster.Assignment;
import java.time.Duration;
import java.util.List;

/** The messages the control plane sends down an agent's stream, built from domain values. */
final class ControlMessages {
  private ControlMessages() {}

  static ControlMessage registered(
      String sessionId, Duration heartbeatInterval, List<String> fencedAttemptIds, Duration lease) {
    return ControlMessage.newBuilder()
        .setRegistered(
            Registered.newBuilder()
                .setSessionId(sessionId)
                .setHeartbeatInterval(ProtoMapper.duration(heartbeatInterval))
                .addAllFencedAttemptIds(fencedAttemptIds)
                .setLease(ProtoMapper.duration(lease)))
        .build();
  }

  static ControlMessage unknown(String attemptId, String reason) {
    return ControlMessage.newBuilder()
        .setAttemptUnknown(
            io.lastmile.api.v1.AttemptUnknown.newBuilder()
                .setAttemptId(attemptId)
                .setReason(reason))
        .build();
  }

  static ControlMessage heartbeatAck(long sequence) {
    return ControlMessage.newBuilder()
        .setHeartbeatAck(io.lastmile.api.v1.HeartbeatAck.newBuilder().setSequence(sequence))
        .build();
  }

  /**
   * The lease an agent holds on its attempts: shorter than {@code lostAfter}, after which the
   * control plane re-queues them, by a tenth of it (at least a second), which covers the delivery
   * of the last answered heartbeat and the agent's timer.
   */
  static Duration lease(Duration lostAfter) {
    Duration margin = lostAfter.dividedBy(10);
    if (margin.compareTo(Duration.ofSeconds(1)) < 0) {
      margin = Duration.ofSeconds(1);
    }
    Duration lease = lostAfter.minus(margin);
    return lease.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : lease;
  }

  static ControlMessage assign(Assignment a) {
    Assign.Builder b =
        Assign.newBuilder()
            .setAttemptId(a.attemptId())
            .setJobId(a.jobId())
            .setEpoch(a.epoch())
            .setWorkload(ProtoMapper.workload(a.workload()))
            .addAllGpuIndices(a.gpuIndices())
            .setKeepOnDisconnect(a.keepOnDisconnect());
    if (a.timeout() != null) {
      b.setTimeout(ProtoMapper.duration(a.timeout()));
    }
    return ControlMessage.newBuilder().setAssign(b).build();
  }

  static ControlMessage cancel(String attemptId, String reason) {
    return ControlMessage.newBuilder()
        .setCancel(Cancel.newBuilder().setAttemptId(attemptId).setReason(reason))
        .build();
  }

  /** A Cancel with a grace period of {@code grace}. */
  static ControlMessage cancel(String attemptId, String reason, java.time.Duration grace) {
    return ControlMessage.newBuilder()
        .setCancel(
            Cancel.newBuilder()
                .setAttemptId(attemptId)
                .setReason(reason)
                .setGracePeriod(
                    com.google.protobuf.Duration.newBuilder()
                        .setSeconds(grace.toSeconds())
                        .setNanos(grace.toNanosPart())))
        .build();
  }

  static ControlMessage acknowledge(String attemptId) {
    return ControlMessage.newBuilder()
        .setAttemptAck(AttemptAck.newBuilder().setAttemptId(attemptId))
        .build();
  }

  static ControlMessage drain(String reason) {
    return ControlMessage.newBuilder().setDrain(Drain.newBuilder().setReason(reason)).build();
  }
}
