package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;

/**
 * A cancel request and, when the job had an attempt on a node, that attempt being stopped there.
 * The job's message is its stored form (the store keeps no other column for it), so this type both
 * writes that message and reads it back when the attempt's final status arrives.
 *
 * @param why what the request said, as shown to users
 * @param attemptId the attempt being stopped; empty when the job was not on a node
 * @param nodeId the node the attempt is being stopped on; empty when none
 */
record Cancellation(String why, String attemptId, String nodeId) {
  private static final String STOPPING = "; stopping attempt %s on %s";
  private static final String STOPPED = "; stopped attempt %s on %s";

  /** A request to cancel {@code job} (pending or on a node), with the user's reason if any. */
  static Cancellation requested(String reason, Job job) {
    String why = reason.isEmpty() ? "cancelled on request" : "cancelled: " + reason;
    return job.state().isOnNode()
        ? new Cancellation(why, job.attemptId(), job.nodeId())
        : new Cancellation(why, "", "");
  }

  /** The cancellation recorded on a CANCELLED job whose attempt is being stopped. */
  static Cancellation of(Job cancelled) {
    if (cancelled.state() != JobState.CANCELLED) {
      throw new IllegalArgumentException("job %s is not cancelled".formatted(cancelled.id()));
    }
    String suffix = STOPPING.formatted(cancelled.attemptId(), cancelled.nodeId());
    String message = cancelled.message();
    return message.endsWith(suffix)
        ? new Cancellation(
            message.substring(0, message.length() - suffix.length()),
            cancelled.attemptId(),
            cancelled.nodeId())
        : new Cancellation(message, "", "");
  }

  boolean stopsAttempt() {
    return !attemptId.isEmpty();
  }

  /** The job's message while its attempt is being stopped (or for good, when it had none). */
  String message() {
    return stopsAttempt() ? why + STOPPING.formatted(attemptId, nodeId) : why;
  }

  /** The job's message once its node reported the attempt stopped. */
  String stoppedMessage() {
    return stopsAttempt() ? why + STOPPED.formatted(attemptId, nodeId) : why;
  }
}
