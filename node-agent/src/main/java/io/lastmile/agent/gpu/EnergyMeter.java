package io.lastmile.agent.gpu;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Integrates GPU power readings into the energy (Wh) of the attempts running on those GPUs; the
 * control plane prices that energy, so it has to be defensible.
 *
 * <p>Power between two consecutive readings of a GPU is taken to change linearly (trapezoidal
 * rule). An attempt attached or detached between two readings gets the interpolated share of that
 * interval, so the sampling interval does not round attempts to whole samples. A GPU shared by
 * several attempts at once (the scheduler should prevent it) splits its energy evenly among them.
 *
 * <p>A {@code NaN} reading is a gap: the intervals on either side of it add no energy to anyone,
 * because anything we put there would be invented. The next valid reading starts a new interval.
 *
 * <p>Time is explicit, so results are exact and tests need no clock. Readings of a GPU must move
 * forward: one not after the previous reading of that GPU is ignored. Energy already attributed is
 * never moved, so an attach dated before a GPU's latest reading counts from that reading on.
 *
 * <p>{@link #detach} returns the final energy at once, but the reading after the detach instant
 * does not exist yet; the stretch from the last reading to the detach instant is therefore
 * estimated by holding the last reading. Take a reading at the detach instant first for an exact
 * value ({@link PowerSampler#detach} does).
 *
 * <p>Thread-safe: the sampler and the workload runtime call it from different threads.
 */
public final class EnergyMeter {

  private static final double JOULES_PER_WH = 3600.0;

  private record Reading(Instant at, double powerW) {}

  private static final class Attempt {
    final Set<Integer> gpus;
    final Instant attachedAt;
    Instant detachedAt;
    double joules;

    Attempt(Set<Integer> gpus, Instant attachedAt) {
      this.gpus = Set.copyOf(gpus);
      this.attachedAt = attachedAt;
    }

    boolean activeOn(int gpu, Instant from, Instant to) {
      return gpus.contains(gpu)
          && !attachedAt.isAfter(from)
          && (detachedAt == null || !detachedAt.isBefore(to));
    }
  }

  private final Map<Integer, Reading> lastReading = new HashMap<>();
  private final Map<String, Attempt> open = new HashMap<>();

  /** Detached attempts that still take their share of intervals not yet closed by a reading. */
  private final List<Attempt> closing = new ArrayList<>();

  /** Records one reading per GPU; a {@code null} or {@code NaN} power is a gap. */
  public synchronized void sample(Instant at, Map<Integer, Double> powerWByGpuIndex) {
    powerWByGpuIndex.forEach(
        (gpu, powerW) -> {
          Reading now = new Reading(at, powerW == null ? Double.NaN : powerW);
          Reading before = lastReading.get(gpu);
          if (before != null && !at.isAfter(before.at())) {
            return;
          }
          if (before != null && Double.isFinite(before.powerW()) && Double.isFinite(now.powerW())) {
            integrate(gpu, before, now);
          }
          lastReading.put(gpu, now);
        });
    closing.removeIf(this::settled);
  }

  /** Starts counting energy on the given GPUs for an attempt. */
  public synchronized void attach(String attemptId, Set<Integer> gpuIndices, Instant at) {
    if (open.containsKey(attemptId)) {
      throw new IllegalArgumentException("attempt " + attemptId + " is already attached");
    }
    open.put(attemptId, new Attempt(gpuIndices, at));
  }

  /** Stops counting and returns the attempt's total energy in Wh; the meter then forgets it. */
  public synchronized double detach(String attemptId, Instant at) {
    Attempt attempt = open.get(attemptId);
    if (attempt == null) {
      throw new IllegalArgumentException("attempt " + attemptId + " is not attached");
    }
    for (int gpu : attempt.gpus) {
      attempt.joules += heldTailJoules(gpu, attempt, at);
    }
    open.remove(attemptId);
    attempt.detachedAt = at;
    if (!settled(attempt)) {
      closing.add(attempt);
    }
    return attempt.joules / JOULES_PER_WH;
  }

  /** The energy attributed to an attached attempt up to the latest readings, in Wh. */
  public synchronized double energyWh(String attemptId) {
    Attempt attempt = open.get(attemptId);
    if (attempt == null) {
      throw new IllegalArgumentException("attempt " + attemptId + " is not attached");
    }
    return attempt.joules / JOULES_PER_WH;
  }

  private void integrate(int gpu, Reading from, Reading to) {
    List<Attempt> onGpu = new ArrayList<>();
    TreeSet<Instant> cuts = new TreeSet<>(List.of(from.at(), to.at()));
    for (Attempt attempt : attempts()) {
      if (attempt.gpus.contains(gpu)) {
        onGpu.add(attempt);
        addIfInside(cuts, attempt.attachedAt, from.at(), to.at());
        addIfInside(cuts, attempt.detachedAt, from.at(), to.at());
      }
    }
    List<Instant> points = List.copyOf(cuts);
    for (int i = 1; i < points.size(); i++) {
      Instant start = points.get(i - 1);
      Instant end = points.get(i);
      List<Attempt> active = onGpu.stream().filter(a -> a.activeOn(gpu, start, end)).toList();
      double joules = (powerAt(from, to, start) + powerAt(from, to, end)) / 2 * seconds(start, end);
      for (Attempt attempt : active) {
        if (attempt.detachedAt == null) {
          attempt.joules += joules / active.size();
        }
      }
    }
  }

  /** The stretch after a GPU's last reading up to a detach, at the last reading's power. */
  private double heldTailJoules(int gpu, Attempt attempt, Instant at) {
    Reading last = lastReading.get(gpu);
    if (last == null || !Double.isFinite(last.powerW()) || !at.isAfter(last.at())) {
      return 0;
    }
    Instant from = last.at().isAfter(attempt.attachedAt) ? last.at() : attempt.attachedAt;
    if (!at.isAfter(from)) {
      return 0;
    }
    long sharing = attempts().stream().filter(a -> a.activeOn(gpu, from, at)).count();
    return last.powerW() * seconds(from, at) / Math.max(1, sharing);
  }

  /** Every reading of the attempt's GPUs has passed its detach instant: it shares no more. */
  private boolean settled(Attempt attempt) {
    return attempt.gpus.stream()
        .map(lastReading::get)
        .allMatch(r -> r == null || !r.at().isBefore(attempt.detachedAt));
  }

  private List<Attempt> attempts() {
    List<Attempt> all = new ArrayList<>(open.values());
    all.addAll(closing);
    return all;
  }

  private static void addIfInside(TreeSet<Instant> cuts, Instant t, Instant from, Instant to) {
    if (t != null && t.isAfter(from) && t.isBefore(to)) {
      cuts.add(t);
    }
  }

  private static double powerAt(Reading from, Reading to, Instant t) {
    double fraction = seconds(from.at(), t) / seconds(from.at(), to.at());
    return from.powerW() + (to.powerW() - from.powerW()) * fraction;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
