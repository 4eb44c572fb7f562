package io.lastmile.controlplane.kube;

import static io.lastmile.controlplane.kube.KubeCondition.Status.FALSE;
import static io.lastmile.controlplane.kube.KubeCondition.Status.TRUE;
import static io.lastmile.controlplane.kube.KubeCondition.Status.UNKNOWN;

import io.lastmile.controlplane.domain.JobState;
import java.util.List;

/**
 * The conditions of an {@link InferenceJob}, read off its status: {@code Accepted} (the spec was
 * submitted, or why not), {@code Scheduled} (placed on a node, or the pending reason), {@code
 * Running}, and {@code Succeeded} and {@code Failed}, which are Unknown until the job ends. A
 * rejected spec has only {@code Accepted=False}.
 */
final class JobConditions {
  static final String ACCEPTED = "Accepted";
  static final String SCHEDULED = "Scheduled";
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";

  private JobConditions() {}

  static List<KubeCondition> of(InferenceJobStatus s) {
    if (InferenceJobController.INVALID.equals(s.state)) {
      String reason = s.invalidField == null ? "Conflict" : "Invalid";
      return List.of(KubeCondition.of(ACCEPTED, FALSE, reason, s.message));
    }
    JobState state = JobState.valueOf(s.state);
    String because = Conditions.reason(s.state);
    return List.of(
        KubeCondition.of(ACCEPTED, TRUE, "Submitted", "job " + s.jobId),
        scheduled(s, state, because),
        state == JobState.RUNNING
            ? KubeCondition.of(RUNNING, TRUE, "Started", s.message)
            : KubeCondition.of(RUNNING, FALSE, because, s.message),
        outcome(SUCCEEDED, JobState.SUCCEEDED, state, s.message),
        outcome(FAILED, JobState.FAILED, state, s.message));
  }

  private static KubeCondition scheduled(InferenceJobStatus s, JobState state, String because) {
    if (state == JobState.PENDING && s.pendingReason != null) {
      return KubeCondition.of(SCHEDULED, FALSE, Conditions.reason(s.pendingReason), s.explanation);
    }
    if (s.node == null) {
      return KubeCondition.of(SCHEDULED, FALSE, because, s.message);
    }
    String where = s.region == null ? s.node : s.node + " in " + s.region;
    return KubeCondition.of(SCHEDULED, TRUE, "Placed", "on " + where);
  }

  private static KubeCondition outcome(String type, JobState when, JobState state, String message) {
    KubeCondition.Status status = state == when ? TRUE : state.isTerminal() ? FALSE : UNKNOWN;
    return KubeCondition.of(type, status, Conditions.reason(state.name()), message);
  }
}
