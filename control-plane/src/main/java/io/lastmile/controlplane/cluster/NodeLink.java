package io.lastmile.controlplane.cluster;

import java.util.List;

/** The control plane's side of one agent session: what can be sent down to the node. */
public interface NodeLink {

  /** Identifies the session in logs. */
  String sessionId();

  /** The version the agent registered with; {@code ""} when it did not say. */
  default String agentVersion() {
    return "";
  }

  /** Confirms registration; the agent must stop {@code fencedAttemptIds}. */
  void registered(List<String> fencedAttemptIds);

  void assign(Assignment assignment);

  void cancel(String attemptId, String reason);

  /**
   * Stops an attempt the control plane has fenced (its job moved on while the node was silent):
   * another copy may already run, so the workload gets a short grace period.
   */
  default void fence(String attemptId, String reason) {
    cancel(attemptId, reason);
  }

  /** The attempt's final status is recorded; the agent may forget it. */
  void acknowledge(String attemptId);

  /**
   * Tells the agent that the attempt's job is unknown here: it keeps the attempt's record and
   * reports it again only when it registers next. Without an agent that understands this, the same
   * as {@link #acknowledge} would lose the result, so the default sends nothing.
   */
  default void unknown(String attemptId, String reason) {}

  void drain(String reason);

  /** Closes the session, telling the agent {@code reason} (for example a revoked credential). */
  void disconnect(String reason);

  /** Sends the lifecycle's commands to the agent, in order. */
  default void deliver(List<AgentCommand> commands) {
    for (AgentCommand command : commands) {
      if (command instanceof AgentCommand.Registered r) {
        registered(r.fencedAttemptIds());
      } else if (command instanceof AgentCommand.Assign a) {
        assign(a.assignment());
      } else if (command instanceof AgentCommand.Cancel c) {
        cancel(c.attemptId(), c.reason());
      } else if (command instanceof AgentCommand.Fence f) {
        fence(f.attemptId(), f.reason());
      } else if (command instanceof AgentCommand.Acknowledge a) {
        acknowledge(a.attemptId());
      } else if (command instanceof AgentCommand.Unknown u) {
        unknown(u.attemptId(), u.reason());
      }
    }
  }
}
