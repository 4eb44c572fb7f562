package io.lastmile.agent.session;

import io.lastmile.agent.runtime.AttemptControl;
import io.lastmile.agent.runtime.AttemptSpec;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.AttemptStatus;
import io.lastmile.api.v1.Cancel;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Registered;
import java.time.Duration;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Acts on one message from the control plane. An assignment is checked before anything runs: one
 * the agent refuses is answered with a FAILED status naming the field, and starts nothing. No
 * message, however malformed, escapes as an exception.
 */
public final class ControlDispatcher {
  private static final Logger LOG = Logger.getLogger(ControlDispatcher.class);

  /** The longest grace period a Cancel may ask for. */
  static final Duration MAX_GRACE = Duration.ofHours(1);

  private final AttemptControl attempts;
  private final Assignments assignments;
  private final Consumer<Registered> registered;
  private final Consumer<AttemptStatus> refused;
  private final java.util.function.LongConsumer heartbeatAcked;

  /**
   * @param registered what to do when the control plane accepts this agent
   * @param refused where the status of a refused assignment goes (up to the control plane)
   */
  public ControlDispatcher(
      AttemptControl attempts,
      io.lastmile.agent.runtime.WorkloadLimits limits,
      Consumer<Registered> registered,
      Consumer<AttemptStatus> refused) {
    this(attempts, limits, registered, refused, sequence -> {});
  }

  /**
   * @param heartbeatAcked what to do when the control plane accepts a heartbeat, by sequence
   */
  public ControlDispatcher(
      AttemptControl attempts,
      io.lastmile.agent.runtime.WorkloadLimits limits,
      Consumer<Registered> registered,
      Consumer<AttemptStatus> refused,
      java.util.function.LongConsumer heartbeatAcked) {
    this.attempts = attempts;
    this.assignments = new Assignments(limits);
    this.registered = registered;
    this.refused = refused;
    this.heartbeatAcked = heartbeatAcked;
  }

  public void dispatch(ControlMessage message) {
    try {
      switch (message.getBodyCase()) {
        case REGISTERED -> registered.accept(message.getRegistered());
        case ASSIGN -> assign(message.getAssign());
        case CANCEL -> cancel(message.getCancel());
        case ATTEMPT_ACK -> attempts.acknowledged(message.getAttemptAck().getAttemptId());
        case DRAIN -> LOG.infof("drain requested: %s", message.getDrain().getReason());
        case HEARTBEAT_ACK -> heartbeatAcked.accept(message.getHeartbeatAck().getSequence());
        case ATTEMPT_UNKNOWN ->
            attempts.unknown(
                message.getAttemptUnknown().getAttemptId(),
                message.getAttemptUnknown().getReason());
        default -> LOG.warnf("ignoring unknown control message %s", message.getBodyCase());
      }
    } catch (RuntimeException e) {
      // The message's content stays out of the log: an assignment carries the job's environment.
      LOG.errorf(e, "could not act on the control plane's %s message", message.getBodyCase());
    }
  }

  private void cancel(Cancel cancel) {
    attempts.cancel(cancel.getAttemptId(), cancel.getReason(), graceOf(cancel));
  }

  /**
   * The grace period a Cancel asks for: unset or zero leaves the agent's own; a negative one is
   * ignored (the agent's own applies) and one above {@link #MAX_GRACE} is cut to it, so a malformed
   * message can neither kill at once nor keep a workload running for days.
   */
  static Duration graceOf(Cancel cancel) {
    if (!cancel.hasGracePeriod()) {
      return Duration.ZERO;
    }
    com.google.protobuf.Duration asked = cancel.getGracePeriod();
    if (asked.getSeconds() < 0 || asked.getNanos() < 0) {
      LOG.warnf(
          "cancel of attempt %s asks for a negative grace period; using the agent's own",
          Assignments.quoted(cancel.getAttemptId()));
      return Duration.ZERO;
    }
    Duration grace = Duration.ofSeconds(asked.getSeconds(), asked.getNanos());
    return grace.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : grace;
  }

  private void assign(Assign assign) {
    AttemptSpec spec;
    try {
      spec = assignments.read(assign);
    } catch (InvalidAssignmentException e) {
      String reason = "refused by the agent: " + e.getMessage();
      LOG.warnf(
          "attempt %s of job %s %s",
          Assignments.quoted(assign.getAttemptId()), Assignments.quoted(assign.getJobId()), reason);
      if (!assign.getAttemptId().isEmpty()) {
        refused.accept(failed(assign, reason));
      }
      return;
    }
    attempts.start(spec);
  }

  private AttemptStatus failed(Assign assign, String reason) {
    return AttemptStatus.newBuilder()
        .setAttemptId(assign.getAttemptId())
        .setJobId(assign.getJobId())
        .setEpoch(assign.getEpoch())
        .setState(AttemptState.ATTEMPT_STATE_FAILED)
        .setMessage(reason)
        .build();
  }
}
