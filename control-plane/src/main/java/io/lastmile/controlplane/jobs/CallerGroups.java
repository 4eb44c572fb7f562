package io.lastmile.controlplane.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Items applied in groups, with no thread of its own: every item waiting when a group is taken goes
 * into it (at most {@code max}), and the caller that finds no group being applied applies groups
 * until none waits, so {@link #submit} may do the work of others' items too. One group at a time,
 * in arrival order.
 */
final class CallerGroups<T> {
  private final int max;
  private final Consumer<List<T>> apply;
  private final Queue<T> waiting = new ArrayDeque<>();
  private boolean applying;

  /** {@code apply} must not throw: it answers each item of a group, failed or not. */
  CallerGroups(int max, Consumer<List<T>> apply) {
    this.max = max;
    this.apply = apply;
  }

  void submit(T item) {
    synchronized (this) {
      waiting.add(item);
      if (applying) {
        return;
      }
      applying = true;
    }
    while (true) {
      List<T> group = new ArrayList<>();
      synchronized (this) {
        while (group.size() < max && !waiting.isEmpty()) {
          group.add(waiting.poll());
        }
        if (group.isEmpty()) {
          applying = false;
          return;
        }
      }
      apply.accept(group);
    }
  }
}
