package io.lastmile.controlplane.api;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.NodeLink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An agent session that records what the control plane sends down, for tests without agents. */
public final class RecordingLink implements NodeLink {
  public final List<Assignment> assigned = new CopyOnWriteArrayList<>();
  public final List<String> drains = new CopyOnWriteArrayList<>();

  @Override
  public String sessionId() {
    return "recording";
  }

  @Override
  public void registered(List<String> fencedAttemptIds) {}

  @Override
  public void assign(Assignment assignment) {
    assigned.add(assignment);
  }

  @Override
  public void cancel(String attemptId, String reason) {}

  @Override
  public void acknowledge(String attemptId) {}

  @Override
  public void drain(String reason) {
    drains.add(reason);
  }

  @Override
  public void disconnect(String reason) {
    drains.add("disconnect: " + reason);
  }
}
