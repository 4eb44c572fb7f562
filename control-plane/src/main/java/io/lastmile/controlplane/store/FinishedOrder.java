package io.lastmile.controlplane.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished jobs something keeps in memory, in the order they finished, and which of them its
 * {@link Retention} lets go. Not thread-safe: its owner's lock guards it.
 */
public final class FinishedOrder {
  private final Retention retention;
  private final LinkedHashMap<String, Instant> finishedAt = new LinkedHashMap<>();

  public FinishedOrder(Retention retention) {
    this.retention = retention;
  }

  /**
   * Notes that {@code jobId} finished at {@code at}, after the jobs noted so far; a job noted
   * before keeps its place.
   */
  public void finished(String jobId, Instant at) {
    finishedAt.putIfAbsent(jobId, at);
  }

  /**
   * Takes the jobs over the count, and those finished too long before {@code now}, off the list.
   */
  public List<String> expired(Instant now) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, Instant>> oldestFirst = finishedAt.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<String, Instant> e = oldestFirst.next();
      if (finishedAt.size() <= retention.finishedJobs() && retention.keeps(e.getValue(), now)) {
        break;
      }
      out.add(e.getKey());
      oldestFirst.remove();
    }
    return out;
  }

  /** How many finished jobs are kept. */
  public int size() {
    return finishedAt.size();
  }
}
