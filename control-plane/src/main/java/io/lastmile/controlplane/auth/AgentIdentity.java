package io.lastmile.controlplane.auth;

import io.grpc.Context;
import java.util.Optional;

/** The node whose credential opened the agent stream in progress, as AgentAuthInterceptor found. */
public final class AgentIdentity {
  static final Context.Key<String> NODE = Context.key("lastmile-node");

  private AgentIdentity() {}

  /** The authenticated node id; empty when authentication is off (development mode). */
  public static Optional<String> nodeId() {
    return Optional.ofNullable(NODE.get());
  }
}
