package io.lastmile.controlplane.cluster;

import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.NodeCondition;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Nodes, their sessions, liveness and the attempts bound to them. Thread-safe. */
public final class ClusterState {
  private final Map<String, NodeEntry> nodes = new HashMap<>();
  private final Map<String, String> nodeByAttempt = new HashMap<>();

  /** A node's registration, replacing any earlier session of the same node. */
  public synchronized void register(NodeInfo info, NodeLink link, Instant now) {
    NodeEntry entry = nodes.computeIfAbsent(info.id(), id -> new NodeEntry());
    entry.info = info;
    entry.link = link;
    entry.lastSeen = now;
    entry.notReadySince = null;
    entry.sequence = 0;
    entry.snapshot = null;
  }

  /**
   * A node known from before a restart: NOT_READY from {@code now} until its agent registers, so
   * its attempts are re-queued if it does not come back within the lost-after period.
   */
  public synchronized void restore(NodeInfo info, Instant now) {
    NodeEntry entry = nodes.computeIfAbsent(info.id(), id -> new NodeEntry());
    entry.info = info;
    entry.lastSeen = now;
    entry.notReadySince = now;
    entry.snapshot = null;
  }

  /** Attempts holding resources on the node. */
  public synchronized List<String> attemptsOn(String nodeId) {
    NodeEntry entry = nodes.get(nodeId);
    return entry == null ? List.of() : List.copyOf(entry.allocations.keySet());
  }

  /**
   * Records a heartbeat: the node is alive, and its power draw and GPU memory in use are as the
   * telemetry says.
   *
   * @return false, changing nothing, when it comes from a replaced session or arrived after a later
   *     heartbeat of its session
   */
  public synchronized boolean heartbeat(
      String nodeId, NodeLink link, NodeTelemetry telemetry, Instant now) {
    NodeEntry entry = nodes.get(nodeId);
    if (entry == null || entry.link != link || telemetry.sequence() <= entry.sequence) {
      return false;
    }
    entry.sequence = telemetry.sequence();
    entry.lastSeen = now;
    entry.powerDrawW = telemetry.powerDrawW();
    entry.notReadySince = null;
    entry.info = entry.info.withGpuMemoryUsed(telemetry.gpuMemoryUsedMiB());
    entry.snapshot = null;
    return true;
  }

  /** The session ended; the node takes no new work until it registers again. */
  public synchronized void disconnected(String nodeId, NodeLink link, Instant now) {
    NodeEntry entry = nodes.get(nodeId);
    if (entry != null && entry.link == link) {
      entry.link = null;
      if (entry.notReadySince == null) {
        entry.notReadySince = now;
        entry.snapshot = null;
      }
    }
  }

  /**
   * Marks nodes silent for longer than {@code grace} NOT_READY.
   *
   * @return ids of nodes that became NOT_READY in this call
   */
  public synchronized List<String> expire(Instant now, Duration grace) {
    List<String> expired = new ArrayList<>();
    nodes.forEach(
        (id, e) -> {
          if (e.notReadySince == null && e.lastSeen.plus(grace).isBefore(now)) {
            e.notReadySince = now;
            e.snapshot = null;
            expired.add(id);
          }
        });
    return expired;
  }

  /** Attempts on nodes that have been NOT_READY for longer than {@code lostAfter}. */
  public List<String> attemptsOnLostNodes(Instant now, Duration lostAfter) {
    return attemptsOnLostNodes(now, lostAfter, Instant.EPOCH);
  }

  /**
   * Attempts on nodes that have been NOT_READY for longer than {@code lostAfter}, counted from
   * {@code countFrom} at the earliest: the store's return after an outage, during which an agent
   * may have been refused only because its registration could not be written.
   */
  public synchronized List<String> attemptsOnLostNodes(
      Instant now, Duration lostAfter, Instant countFrom) {
    List<String> lost = new ArrayList<>();
    nodes.values().stream()
        .filter(e -> e.notReadySince != null)
        .filter(e -> latest(e.notReadySince, countFrom).plus(lostAfter).isBefore(now))
        .forEach(e -> lost.addAll(e.allocations.keySet()));
    return lost;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  public synchronized void cordon(String nodeId, boolean cordoned) {
    NodeEntry entry = nodes.get(nodeId);
    if (entry != null) {
      entry.cordoned = cordoned;
      entry.snapshot = null;
    }
  }

  /** Holds the assignment's resources on its node. */
  public synchronized void reserve(String nodeId, Assignment assignment) {
    NodeEntry entry = nodes.get(nodeId);
    entry.allocations.put(assignment.attemptId(), assignment);
    entry.snapshot = null;
    nodeByAttempt.put(assignment.attemptId(), nodeId);
  }

  /**
   * Frees an attempt's resources.
   *
   * @return false when the attempt held none (already released)
   */
  public synchronized boolean release(String attemptId) {
    String nodeId = nodeByAttempt.remove(attemptId);
    if (nodeId == null) {
      return false;
    }
    NodeEntry entry = nodes.get(nodeId);
    entry.snapshot = null;
    return entry.allocations.remove(attemptId) != null;
  }

  /** Attempts bound to a node, as assigned. */
  public synchronized List<Assignment> assignments(String nodeId) {
    NodeEntry entry = nodes.get(nodeId);
    return entry == null ? List.of() : List.copyOf(entry.allocations.values());
  }

  /** The assignment an attempt holds resources under, if it still holds any. */
  public synchronized Optional<Assignment> assignment(String attemptId) {
    String nodeId = nodeByAttempt.get(attemptId);
    return Optional.ofNullable(
        nodeId == null ? null : nodes.get(nodeId).allocations.get(attemptId));
  }

  /** The node an attempt holds resources on, if it still holds any. */
  public synchronized Optional<String> nodeOf(String attemptId) {
    return Optional.ofNullable(nodeByAttempt.get(attemptId));
  }

  public synchronized boolean holds(String attemptId) {
    return nodeByAttempt.containsKey(attemptId);
  }

  public synchronized Optional<NodeLink> link(String nodeId) {
    NodeEntry entry = nodes.get(nodeId);
    return Optional.ofNullable(entry == null ? null : entry.link);
  }

  public synchronized Optional<NodeInfo> info(String nodeId) {
    NodeEntry entry = nodes.get(nodeId);
    return Optional.ofNullable(entry == null ? null : entry.info);
  }

  /**
   * Every node as the scheduler sees it now. A node that did not change since the last call is the
   * same object as then, so a view can tell unchanged nodes by identity.
   */
  public synchronized List<NodeSnapshot> snapshot() {
    List<NodeSnapshot> out = new ArrayList<>(nodes.size());
    nodes.values().forEach(e -> out.add(e.snapshot()));
    return out;
  }

  public synchronized int connectedCount() {
    return (int) nodes.values().stream().filter(e -> e.link != null).count();
  }

  private static final class NodeEntry {
    NodeInfo info;
    NodeLink link;
    Instant lastSeen;
    Instant notReadySince;
    boolean cordoned;
    double powerDrawW;
    long sequence;
    final Map<String, Assignment> allocations = new HashMap<>();

    /** The last snapshot, until a change to what it shows clears it. */
    NodeSnapshot snapshot;

    NodeSnapshot snapshot() {
      if (snapshot == null) {
        snapshot = build();
      }
      return snapshot;
    }

    private NodeSnapshot build() {
      Set<Integer> gpus = new HashSet<>();
      int cpu = 0;
      long memory = 0;
      for (Assignment a : allocations.values()) {
        gpus.addAll(a.gpuIndices());
        cpu += a.cpuMillis();
        memory += a.memoryMiB();
      }
      NodeCondition condition =
          notReadySince != null
              ? NodeCondition.NOT_READY
              : cordoned ? NodeCondition.CORDONED : NodeCondition.READY;
      return new NodeSnapshot(info, condition, gpus, cpu, memory, powerDrawW);
    }
  }
}
