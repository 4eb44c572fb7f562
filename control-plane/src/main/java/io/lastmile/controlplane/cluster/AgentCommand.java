package io.lastmile.controlplane.cluster;

import java.util.List;

/**
 * What the control plane tells one agent in answer to what it reported. The lifecycle returns
 * these; the agent's session turns them into messages on its stream.
 */
public sealed interface AgentCommand {

  /** Registration is confirmed; the agent stops {@code fencedAttemptIds}. */
  record Registered(List<String> fencedAttemptIds) implements AgentCommand {
    public Registered {
      fencedAttemptIds = List.copyOf(fencedAttemptIds);
    }
  }

  /** Run (or, after a reconnect, keep) the attempt. */
  record Assign(Assignment assignment) implements AgentCommand {}

  /** Stop the attempt. */
  record Cancel(String attemptId, String reason) implements AgentCommand {}

  /** Stop an attempt that is fenced, at once: see {@link NodeLink#fence}. */
  record Fence(String attemptId, String reason) implements AgentCommand {}

  /** The attempt's job is unknown; the agent keeps it: see {@link NodeLink#unknown}. */
  record Unknown(String attemptId, String reason) implements AgentCommand {}

  /** The attempt's final status is recorded; the agent may forget it. */
  record Acknowledge(String attemptId) implements AgentCommand {}
}
