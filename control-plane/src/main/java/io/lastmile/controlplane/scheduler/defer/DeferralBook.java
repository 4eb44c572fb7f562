package io.lastmile.controlplane.scheduler.defer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The windows deferred jobs wait for or run in: per market zone and hour, the GPUs that deferred
 * jobs expect to hold then. {@link DeferralPolicy} reads it so that jobs do not all wait for the
 * same cheapest hour, writes a job's booking when the job waits, and books its expected run when it
 * starts, so that deferred work already running counts against the room of the hours it runs in.
 *
 * <p>A job holds at most one booking; booking again replaces it. It is held in memory only and is
 * not thread-safe: the scheduling thread alone uses it.
 */
public final class DeferralBook {
  private final Map<String, Booking> byJob = new HashMap<>();
  private final Map<String, TreeMap<Instant, Integer>> gpusByZoneHour = new HashMap<>();

  private record Booking(String zone, Instant start, Duration run, int gpus) {}

  /** Records that {@code jobId} waits to start at {@code start} in {@code zone}. */
  public void book(String jobId, String zone, Instant start, Duration run, int gpus) {
    release(jobId);
    Booking b = new Booking(zone, start, run, gpus);
    byJob.put(jobId, b);
    TreeMap<Instant, Integer> hours = gpusByZoneHour.computeIfAbsent(zone, z -> new TreeMap<>());
    for (Instant h = hourOf(start); h.isBefore(end(start, run)); h = h.plus(1, ChronoUnit.HOURS)) {
      hours.merge(h, gpus, Integer::sum);
    }
  }

  /** Forgets the job's booking, if any: it starts, or it is weighed again, or it left. */
  public void release(String jobId) {
    Booking b = byJob.remove(jobId);
    if (b == null) {
      return;
    }
    TreeMap<Instant, Integer> hours = gpusByZoneHour.get(b.zone());
    for (Instant h = hourOf(b.start());
        h.isBefore(end(b.start(), b.run()));
        h = h.plus(1, ChronoUnit.HOURS)) {
      hours.computeIfPresent(h, (k, v) -> v == b.gpus() ? null : v - b.gpus());
    }
    if (hours.isEmpty()) {
      gpusByZoneHour.remove(b.zone());
    }
  }

  /** The most GPUs booked in {@code zone} in any hour that {@code [start, start + run)} touches. */
  public int peakGpus(String zone, Instant start, Duration run) {
    TreeMap<Instant, Integer> hours = gpusByZoneHour.get(zone);
    if (hours == null) {
      return 0;
    }
    int peak = 0;
    for (int g : hours.subMap(hourOf(start), true, end(start, run), false).values()) {
      peak = Math.max(peak, g);
    }
    return peak;
  }

  /**
   * Forgets bookings that ended before the hour of {@code now}: no window from then on touches
   * them. A started job's booking ends with its expected run, whether or not it is still running.
   */
  public void prune(Instant now) {
    Instant hour = hourOf(now);
    List<String> ended = new ArrayList<>();
    byJob.forEach(
        (id, b) -> {
          if (!end(b.start(), b.run()).isAfter(hour)) {
            ended.add(id);
          }
        });
    ended.forEach(this::release);
  }

  /** Jobs holding a booking. */
  public int size() {
    return byJob.size();
  }

  private static Instant hourOf(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS);
  }

  /** End of the run; a run of zero length still touches the hour it starts in. */
  private static Instant end(Instant start, Duration run) {
    return run.isZero() ? start.plusMillis(1) : start.plus(run);
  }
}
