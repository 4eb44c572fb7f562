package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of one policy's run that the report compares.
 *
 * @param cost electricity cost of every attempt, in the report's currency
 * @param siteKwh energy at the sites, PUE included
 * @param attainment share of jobs with a round-trip bound that ran within it, in [0, 1]
 * @param rttP50Ms median round trip of the jobs with a bound
 * @param deferralMeanMin mean time from submission to start of deferrable jobs, in minutes
 * @param interactiveWaitP95S 95th percentile of the time latency-critical jobs waited for a GPU
 * @param placementsBySite jobs whose last run was at each site, in the fleet's site order
 * @param costByClass cost of the jobs of each {@link JobClass}, by ordinal
 */
public record Summary(
    String policy,
    double cost,
    double siteKwh,
    double attainment,
    double rttP50Ms,
    double rttP95Ms,
    double deferralMeanMin,
    double deferralP95Min,
    double interactiveWaitP95S,
    long preemptions,
    int unfinished,
    int[] placementsBySite,
    double[] costByClass) {

  public static Summary of(Simulation.Run run, List<SimJob> jobs, int sites) {
    double cost = 0;
    double wh = 0;
    int bound = 0;
    int within = 0;
    int unfinished = 0;
    int[] bySite = new int[sites];
    double[] byClass = new double[JobClass.values().length];
    double[] rtt = new double[jobs.size()];
    double[] deferral = new double[jobs.size()];
    double[] wait = new double[jobs.size()];
    int nr = 0;
    int nd = 0;
    int nw = 0;
    for (SimJob job : jobs) {
      JobOutcome o = run.outcomes().get(job.index());
      cost += o.costBase();
      wh += o.siteWh();
      byClass[job.jobClass().ordinal()] += o.costBase();
      if (o.startMs() < 0) {
        unfinished++;
        continue;
      }
      bySite[o.siteIndex()]++;
      long waitedMs = o.startMs() - job.arrival().toEpochMilli();
      if (job.maxRttMs() > 0) {
        bound++;
        within += o.rttMs() <= job.maxRttMs() ? 1 : 0;
        rtt[nr++] = o.rttMs();
      }
      if (job.jobClass() == JobClass.DEFERRABLE) {
        deferral[nd++] = waitedMs / 60_000.0;
      }
      if (job.jobClass() == JobClass.LATENCY_CRITICAL) {
        wait[nw++] = waitedMs / 1000.0;
      }
    }
    double[] d = Arrays.copyOf(deferral, nd);
    return new Summary(
        run.policy(),
        cost,
        wh / 1000,
        bound == 0 ? 1 : (double) within / bound,
        quantile(Arrays.copyOf(rtt, nr), 0.5),
        quantile(Arrays.copyOf(rtt, nr), 0.95),
        nd == 0 ? 0 : Arrays.stream(d).average().orElse(0),
        quantile(d, 0.95),
        quantile(Arrays.copyOf(wait, nw), 0.95),
        run.preemptions(),
        unfinished,
        bySite,
        byClass);
  }

  /** Nearest-rank quantile; 0 for no values. */
  static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
