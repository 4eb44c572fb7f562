package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.data.GpuMeasurement;
import io.lastmile.sim.data.LlmTrace;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns the one-hour request trace into the jobs of a simulated period.
 *
 * <ul>
 *   <li>The trace's hour is replayed every hour of the period: a request keeps its offset from the
 *       trace's first request (requests beyond the first hour are dropped).
 *   <li>Each replayed request gets an origin region, uniformly from {@code origins}, and a class:
 *       {@code interactiveShare} latency-critical (bound {@code interactiveRttMs} from the origin),
 *       {@code batchShare} deferrable (deadline {@code batchDeadline} after submission), the rest
 *       interruptible background work without a bound. Both draws come from one generator seeded
 *       with {@code seed}.
 *   <li>Requests are aggregated into jobs of one GPU: interactive ones per origin and minute,
 *       submitted at the end of the minute; batch and background ones per origin and hour,
 *       submitted at the end of the hour.
 *   <li>A job runs for its generated tokens times {@code scale} divided by the GPU's measured
 *       tokens per second (Server scenario for interactive jobs, Offline for the others), at least
 *       one second. {@code scale} stands for that many users per trace request.
 * </ul>
 */
public record WorkloadModel(
    List<String> origins,
    double interactiveShare,
    double batchShare,
    double interactiveRttMs,
    Duration batchDeadline,
    double scale,
    long seed) {

  private static final long HOUR_MS = 3_600_000;
  private static final long MINUTE_MS = 60_000;

  public WorkloadModel {
    origins = List.copyOf(origins);
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("at least one origin region is needed");
    }
    if (!(interactiveShare >= 0 && batchShare >= 0 && interactiveShare + batchShare <= 1)) {
      throw new IllegalArgumentException(
          "class shares must be >= 0 and add up to at most 1, got interactive %s, batch %s"
              .formatted(interactiveShare, batchShare));
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be > 0, got " + scale);
    }
  }

  public List<SimJob> jobs(
      List<LlmTrace.Request> trace, GpuMeasurement gpu, Instant from, Instant to) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = origins.size();
    List<Bucket> out = new ArrayList<>();
    for (Instant hour = from.truncatedTo(ChronoUnit.HOURS);
        hour.isBefore(to);
        hour = hour.plus(1, ChronoUnit.HOURS)) {
      long[][] interactive = new long[60 * n][2];
      long[][] batch = new long[n][2];
      long[][] background = new long[n][2];
      for (LlmTrace.Request r : trace) {
        if (r.offsetMs() >= HOUR_MS) {
          continue;
        }
        int origin = rnd.nextInt(n);
        double c = rnd.nextDouble();
        long[] b =
            c < interactiveShare
                ? interactive[(int) (r.offsetMs() / MINUTE_MS) * n + origin]
                : c < interactiveShare + batchShare ? batch[origin] : background[origin];
        b[0] += r.generatedTokens();
        b[1]++;
      }
      long h = hour.toEpochMilli();
      for (int k = 0; k < interactive.length; k++) {
        long end = h + (k / n + 1) * MINUTE_MS;
        out.add(new Bucket(end, k % n, JobClass.LATENCY_CRITICAL, interactive[k]));
      }
      for (int o = 0; o < n; o++) {
        out.add(new Bucket(h + HOUR_MS, o, JobClass.DEFERRABLE, batch[o]));
        out.add(new Bucket(h + HOUR_MS, o, JobClass.INTERRUPTIBLE, background[o]));
      }
    }
    out.sort(Comparator.comparingLong(Bucket::submitMs));
    List<SimJob> jobs = new ArrayList<>(out.size());
    for (Bucket b : out) {
      if (b.sums()[1] > 0) {
        jobs.add(job(jobs.size(), b, gpu));
      }
    }
    return jobs;
  }

  private SimJob job(int index, Bucket b, GpuMeasurement gpu) {
    boolean interactive = b.jobClass() == JobClass.LATENCY_CRITICAL;
    double rate = interactive ? gpu.serverTokensPerSecond() : gpu.offlineTokensPerSecond();
    long ms = Math.max(1000, Math.round(b.sums()[0] * scale / rate * 1000));
    Instant arrival = Instant.ofEpochMilli(b.submitMs());
    return SimJob.of(
        index,
        arrival,
        origins.get(b.origin()),
        b.jobClass(),
        Duration.ofMillis(ms),
        b.jobClass() == JobClass.DEFERRABLE ? arrival.plus(batchDeadline) : null,
        interactive ? interactiveRttMs : 0,
        (int) b.sums()[1]);
  }

  private record Bucket(long submitMs, int origin, JobClass jobClass, long[] sums) {}
}
