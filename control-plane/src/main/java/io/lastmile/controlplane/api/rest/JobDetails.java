package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.jobs.JobTimeline.Step;
import io.lastmile.controlplane.scheduler.CandidateScore;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.RejectionCount;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a job's spec, decision and steps into the parts of its {@link JobDetailView}. */
final class JobDetails {
  private JobDetails() {}

  static JobDetailView.Spec spec(JobSpec s) {
    return new JobDetailView.Spec(
        s.workload().command(),
        s.workload().args(),
        s.workload().image(),
        s.resources().gpuCount(),
        s.resources().gpuMemoryMiB(),
        s.resources().gpuModel(),
        s.jobClass().name(),
        s.priority(),
        s.placement().originRegion(),
        s.placement().maxRttMs(),
        s.placement().allowedJurisdictions().stream().sorted().toList(),
        s.placement().labelSelector(),
        s.deadline() == null ? null : s.deadline().toString(),
        s.expectedDuration() == null ? 0 : s.expectedDuration().toSeconds(),
        s.maxAttempts(),
        s.tenant());
  }

  /** The decision as ExplainJob gives it: rejections, or the best candidates with their scores. */
  static JobDetailView.Explanation explanation(Decision decision) {
    if (decision == null) {
      return null;
    }
    List<JobDetailView.RejectionRow> rejections = new ArrayList<>();
    List<JobDetailView.CandidateRow> candidates = new ArrayList<>();
    if (decision instanceof Decision.Unschedulable u) {
      for (RejectionCount r : u.rejections()) {
        rejections.add(
            new JobDetailView.RejectionRow(r.reason().name(), r.nodes(), r.closest().describe()));
      }
    } else if (decision instanceof Decision.Placed p) {
      for (CandidateScore c : p.top()) {
        List<JobDetailView.ScoreRow> parts =
            c.parts().stream()
                .map(
                    x ->
                        new JobDetailView.ScoreRow(
                            x.scorer(), finite(x.raw()), x.unit(), x.normalized(), x.weight()))
                .toList();
        candidates.add(new JobDetailView.CandidateRow(c.nodeId(), c.region(), c.total(), parts));
      }
    }
    return new JobDetailView.Explanation(
        decision.summary(), decision.nodesConsidered(), rejections, candidates);
  }

  static JobDetailView.Wait waitOf(Deferral.WaitUntil w) {
    return w == null
        ? null
        : new JobDetailView.Wait(
            w.startAt().toString(), w.savingFraction(), w.savingAmount(), w.currency(), w.reason());
  }

  static List<JobDetailView.Event> events(List<Step> steps) {
    return steps.stream()
        .map(
            s ->
                new JobDetailView.Event(
                    s.time().toString(),
                    s.state().name(),
                    RestViews.emptyToNull(s.attemptId()),
                    RestViews.emptyToNull(s.nodeId()),
                    s.message()))
        .toList();
  }

  /**
   * Each attempt seen in the steps: bound at its SCHEDULED step, started at its RUNNING step, ended
   * at the first step that left it finished or back in the queue. An attempt that has not ended
   * used what the job used since it was bound ({@code energyWhNow} and {@code costNow}).
   */
  static List<JobDetailView.Attempt> attempts(
      List<Step> steps, double energyWhNow, double costNow, String currency) {
    Map<String, List<Step>> byAttempt = new LinkedHashMap<>();
    for (Step s : steps) {
      if (!s.attemptId().isEmpty()) {
        byAttempt.computeIfAbsent(s.attemptId(), id -> new ArrayList<>()).add(s);
      }
    }
    List<JobDetailView.Attempt> out = new ArrayList<>();
    byAttempt.forEach((id, own) -> out.add(attempt(id, own, energyWhNow, costNow, currency)));
    return out;
  }

  private static JobDetailView.Attempt attempt(
      String id, List<Step> own, double energyWhNow, double costNow, String currency) {
    Step first = own.get(0);
    Instant placed = null;
    Instant started = null;
    Step end = null;
    for (Step s : own) {
      if (s.state() == JobState.SCHEDULED && placed == null) {
        placed = s.time();
      } else if (s.state() == JobState.RUNNING && started == null) {
        started = s.time();
      } else if ((s.state() == JobState.PENDING || s.state().isTerminal()) && end == null) {
        end = s;
      }
    }
    double wh = (end == null ? energyWhNow : end.energyWh()) - first.energyWh();
    double cost = (end == null ? costNow : end.cost()) - first.cost();
    String state =
        end == null
            ? own.get(own.size() - 1).state().name()
            : end.state() == JobState.PENDING ? "REQUEUED" : end.state().name();
    return new JobDetailView.Attempt(
        id,
        first.nodeId(),
        first.region(),
        state,
        text(placed),
        text(started),
        end == null ? null : end.time().toString(),
        end == null ? null : end.exitCode(),
        Math.max(0, wh),
        Double.isFinite(cost) ? Math.max(0, cost) : null,
        end == null || end.currency().isEmpty() ? currency : end.currency());
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** JSON has no infinity or NaN: an unknown raw value is 0 here, and its unit says so. */
  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
