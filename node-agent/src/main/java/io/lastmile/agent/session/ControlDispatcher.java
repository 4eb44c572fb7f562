package io.lastmile.agent.session;

import com.google.protobuf.Timestamp;
import io.lastmile.agent.runtime.AttemptControl;
import io.lastmile.agent.runtime.AttemptSpec;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.AttemptStatus;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Registered;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Acts on one message from the control plane. An assignment is checked before anything runs: one
 * the agent refuses is answered with a FAILED status naming the field, and starts nothing. No
 * message, however malformed, escapes as an exception.
 */
public final class ControlDispatcher {
  private static final Logger LOG = Logger.getLogger(ControlDispatcher.class);

  private final AttemptControl attempts;
  private final Assignments assignments;
  private final Consumer<Registered> registered;
  private final Consumer<AttemptStatus> refused;
  private final Clock clock;

  /**
   * @param registered what to do when the control plane accepts this agent
   * @param refused where the status of a refused assignment goes (up to the control plane)
   */
  public ControlDispatcher(
      AttemptControl attempts,
      io.lastmile.agent.runtime.WorkloadLimits limits,
      Consumer<Registered> registered,
      Consumer<AttemptStatus> refused,
      Clock clock) {
    this.attempts = attempts;
    this.assignments = new Assignments(limits);
    this.registered = registered;
    this.refused = refused;
    this.clock = clock;
  }

  public void dispatch(ControlMessage message) {
    try {
      switch (message.getBodyCase()) {
        case REGISTERED -> registered.accept(message.getRegistered());
        case ASSIGN -> assign(message.getAssign());
        case CANCEL ->
            attempts.cancel(message.getCancel().getAttemptId(), message.getCancel().getReason());
        case ATTEMPT_ACK -> attempts.acknowledged(message.getAttemptAck().getAttemptId());
        case DRAIN -> LOG.infof("drain requested: %s", message.getDrain().getReason());
        default -> LOG.warnf("ignoring unknown control message %s", message.getBodyCase());
      }
    } catch (RuntimeException e) {
      // The message's content stays out of the log: an assignment carries the job's environment.
      LOG.errorf(e, "could not act on the control plane's %s message", message.getBodyCase());
    }
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
    Instant now = clock.instant();
    return AttemptStatus.newBuilder()
        .setAttemptId(assign.getAttemptId())
        .setJobId(assign.getJobId())
        .setEpoch(assign.getEpoch())
        .setState(AttemptState.ATTEMPT_STATE_FAILED)
        .setMessage(reason)
        .setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .build();
  }
}
