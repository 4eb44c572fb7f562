package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AttemptReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Final statuses agents reported for attempts of jobs this control plane does not know: after a
 * restore from an older backup, or an agent pointed at the wrong control plane. Nothing is decided
 * from them; they are kept for the operator to reconcile, and the agents keep them too.
 */
public final class OrphanResults {
  private static final Logger LOG = Logger.getLogger(OrphanResults.class);

  /** The most results kept; the oldest report is dropped beyond it. */
  static final int MAX = 10_000;

  /**
   * One orphan result.
   *
   * @param report the agent's last report of it
   */
  public record Orphan(
      String nodeId, AttemptReport report, Instant firstReported, Instant lastReported) {}

  private final Map<String, Orphan> byAttempt = new LinkedHashMap<>();

  /** Records a report; returns whether it is the first of that attempt. */
  synchronized boolean record(String nodeId, AttemptReport report, Instant now) {
    Orphan before = byAttempt.remove(report.attemptId());
    byAttempt.put(
        report.attemptId(),
        new Orphan(nodeId, report, before == null ? now : before.firstReported(), now));
    if (byAttempt.size() > MAX) {
      String oldest = byAttempt.keySet().iterator().next();
      byAttempt.remove(oldest);
    }
    if (before == null) {
      LOG.warnf(
          "node %s reported attempt %s (%s) of job %s, which this control plane does not know:"
              + " kept as an orphan result (lastmile nodes orphans); the agent keeps it as well",
          nodeId, report.attemptId(), report.phase(), report.jobId());
    }
    return before == null;
  }

  /** Every result kept, the newest report first. */
  public synchronized List<Orphan> list() {
    List<Orphan> out = new ArrayList<>(byAttempt.values());
    out.sort(Comparator.comparing(Orphan::lastReported).reversed());
    return out;
  }

  public synchronized int size() {
    return byAttempt.size();
  }
}
