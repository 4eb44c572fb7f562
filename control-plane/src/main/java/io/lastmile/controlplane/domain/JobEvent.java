package io.lastmile.controlplane.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One transition of a job or its attempt, as published on {@code job-events}. Made from the job
 * before and after a change; a change that only rewrites a pending job's explanation is none.
 *
 * @param eventId unique and stable: the job id and the version the change produced
 * @param fromState the state before; null for {@link JobEventType#SUBMITTED}
 * @param attemptId the attempt concerned; empty before the first placement
 * @param gpus GPUs the job asks for on its node
 * @param energyWh energy measured for the attempt that ended with this event; 0 otherwise
 * @param cost price of that energy in {@code currency}; 0 when not priced
 * @param currency ISO 4217 code of {@code cost}; empty when not priced
 * @param exitCode exit code of the attempt that ended; null when none
 * @param message why, with the values of the job's environment masked
 */
public record JobEvent(
    String eventId,
    JobEventType type,
    Instant time,
    String jobId,
    long jobVersion,
    String attemptId,
    String tenant,
    JobState fromState,
    JobState toState,
    String nodeId,
    String nodeRegion,
    int gpus,
    double energyWh,
    double cost,
    String currency,
    Integer exitCode,
    String message) {

  /** Masks environment values of at least this many characters in messages. */
  static final int MIN_MASKED_LENGTH = 4;

  /** The event {@code after} makes of {@code before} (null for a new job), if any. */
  public static Optional<JobEvent> between(Job before, Job after) {
    JobEventType type = type(before, after);
    if (type == null) {
      return Optional.empty();
    }
    double wh = before == null ? 0 : after.energyWh() - before.energyWh();
    double cost = before == null ? 0 : after.cost() - before.cost();
    boolean priced = cost != 0 && !after.currency().isEmpty();
    boolean ended =
        type != JobEventType.SUBMITTED
            && type != JobEventType.PLACED
            && type != JobEventType.RUNNING;
    return Optional.of(
        new JobEvent(
            after.id() + "-v" + after.version(),
            type,
            after.updateTime(),
            after.id(),
            after.version(),
            after.attemptId(),
            after.spec().tenant(),
            before == null ? null : before.state(),
            after.state(),
            after.nodeId(),
            after.nodeRegion(),
            after.spec().resources().gpuCount(),
            wh,
            priced ? cost : 0,
            priced ? after.currency() : "",
            ended ? after.exitCode() : null,
            masked(after.message(), after.spec().workload())));
  }

  private static JobEventType type(Job before, Job after) {
    if (before == null) {
      return JobEventType.SUBMITTED;
    }
    if (before.state() == after.state()) {
      boolean measured = after.energyWh() != before.energyWh() || after.cost() != before.cost();
      return after.state() == JobState.CANCELLED && measured ? JobEventType.ATTEMPT_ENDED : null;
    }
    return switch (after.state()) {
      case PENDING -> JobEventType.REQUEUED;
      case SCHEDULED -> JobEventType.PLACED;
      case RUNNING -> JobEventType.RUNNING;
      case SUCCEEDED -> JobEventType.SUCCEEDED;
      case FAILED -> JobEventType.FAILED;
      case CANCELLED -> JobEventType.CANCELLED;
    };
  }

  /** Events leave the control plane: no value of the job's environment goes with them. */
  private static String masked(String message, Workload workload) {
    String out = message;
    for (String value : workload.env().values()) {
      if (value.length() >= MIN_MASKED_LENGTH) {
        out = out.replace(value, "***");
      }
    }
    return out;
  }
}
