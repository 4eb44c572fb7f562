package io.lastmile.controlplane.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Heartbeat;
import io.lastmile.api.v1.Register;
import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.cluster.NodeTelemetry;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.StoreException;
import io.lastmile.controlplane.energy.MeasuredLatency;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.jobs.JobControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** One agent's stream: reads its messages in order and sends it work. */
final class AgentSession implements StreamObserver<AgentMessage>, NodeLink {
  private static final Logger LOG = Logger.getLogger(AgentSession.class);

  private final ServerCallStreamObserver<ControlMessage> out;
  private final JobControl jobs;
  private final ClusterState cluster;
  private final Topology topology;
  private final MeasuredLatency latency;
  private final Clock clock;
  private final ReportQueue reports;

  /** Grace period of a fenced attempt: another copy of its job may already run elsewhere. */
  static final Duration FENCE_GRACE = Duration.ofSeconds(2);

  private final Duration heartbeatInterval;
  private final Duration lease;
  private final String sessionId = UUID.randomUUID().toString().substring(0, 8);
  private final String authenticatedNode;
  private volatile String nodeId;
  private String nodeRegion;
  private volatile String agentVersion = "";
  private boolean closed;

  /** Whether Registered was sent; assignments made before that wait in {@link #assignedEarly}. */
  private boolean confirmed;

  private final List<Assignment> assignedEarly = new ArrayList<>();

  AgentSession(
      ServerCallStreamObserver<ControlMessage> out,
      JobControl jobs,
      ClusterState cluster,
      Topology topology,
      MeasuredLatency latency,
      Clock clock,
      Duration heartbeatInterval,
      Duration lease,
      String authenticatedNode,
      ReportQueue reports) {
    this.out = out;
    this.reports = reports;
    this.authenticatedNode = authenticatedNode;
    this.jobs = jobs;
    this.cluster = cluster;
    this.topology = topology;
    this.latency = latency;
    this.clock = clock;
    this.heartbeatInterval = heartbeatInterval;
    this.lease = lease;
    out.setOnCancelHandler(this::disconnected);
  }

  @Override
  public void onNext(AgentMessage message) {
    try {
      switch (message.getBodyCase()) {
        case REGISTER -> register(message.getRegister());
        case HEARTBEAT -> heartbeat(message.getHeartbeat());
        case ATTEMPT_STATUS -> {
          requireRegistered();
          AttemptReport report = ProtoMapper.report(message.getAttemptStatus());
          reports.submit(report.attemptId() + " " + report.phase(), () -> apply(report));
        }
        default ->
            throw new InvalidFieldException(
                "body", "unset", "must be one of register, heartbeat, attempt_status");
      }
    } catch (RuntimeException e) {
      fail(GrpcErrors.toStatus(e, "AgentService.Connect"));
    }
  }

  /** Applies an attempt report, on the {@link ReportQueue}'s thread, and answers it. */
  private void apply(AttemptReport report) {
    try {
      sendAll(jobs.attemptStatus(nodeId, report));
    } catch (StoreException e) {
      // The stream stays: the agent sends an unacknowledged final status again.
      LOG.warnf(
          "node %s: report on %s not recorded (%s); sent again", nodeId, report.attemptId(), e);
    } catch (RuntimeException e) {
      fail(GrpcErrors.toStatus(e, "AgentService.Connect"));
    }
  }

  private void register(Register r) {
    if (nodeId != null) {
      throw new InvalidFieldException(
          "register", r.getNodeId(), "may only be sent once per session");
    }
    NodeInfo info = Registration.node(r, authenticatedNode, topology);
    nodeId = info.id();
    nodeRegion = info.region();
    agentVersion = r.getAgentVersion();
    LOG.infof(
        "node %s registered from %s with %d GPUs%s (agent %s, session %s)",
        nodeId,
        info.region(),
        info.gpus().size(),
        info.simulated() ? " (simulated inventory)" : "",
        agentVersion.isEmpty() ? "of unknown version" : agentVersion,
        sessionId);
    List<AgentCommand> answer =
        jobs.registered(info, this, r.getAttemptsList().stream().map(ProtoMapper::report).toList());
    confirm(answer);
  }

  /**
   * Sends the answer to the registration, which starts with Registered, then what the scheduling
   * loop assigned to the node meanwhile: the agent hears of its session before any new work.
   */
  private void confirm(List<AgentCommand> answer) {
    List<Assignment> early;
    synchronized (this) {
      sendAll(answer);
      confirmed = true;
      early = List.copyOf(assignedEarly);
      assignedEarly.clear();
    }
    early.forEach(this::assign);
  }

  /** Turns the lifecycle's commands into messages on this stream, in order. */
  private void sendAll(List<AgentCommand> commands) {
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

  private void heartbeat(Heartbeat h) {
    requireRegistered();
    NodeTelemetry telemetry = ProtoMapper.telemetry(h);
    if (!cluster.heartbeat(nodeId, this, telemetry, clock.instant())) {
      LOG.debugf("node %s: heartbeat %d arrived late; ignored", nodeId, h.getSequence());
      return;
    }
    // Renews the agent's lease on its attempts: it runs from when the agent sent this heartbeat.
    send(ControlMessages.heartbeatAck(h.getSequence()));
    jobs.measured(nodeId, telemetry.attemptEnergyWh());
    // An agent back on its old stream after being taken for lost still runs the attempts that
    // were re-queued meanwhile: its heartbeat lists them, and it is told to stop them.
    sendAll(jobs.running(nodeId, telemetry.attemptEnergyWh().keySet()));
    RoundTrips.record(latency, nodeId, nodeRegion, h);
  }

  private void requireRegistered() {
    if (nodeId == null) {
      throw new InvalidFieldException(
          "register", "missing", "must be the first message of a session");
    }
  }

  @Override
  public void onError(Throwable t) {
    disconnected();
  }

  @Override
  public void onCompleted() {
    disconnected();
    send(null);
  }

  private void disconnected() {
    if (nodeId != null) {
      LOG.infof("node %s disconnected (session %s)", nodeId, sessionId);
      cluster.disconnected(nodeId, this, clock.instant());
    }
  }

  private synchronized void fail(io.grpc.StatusRuntimeException status) {
    if (!closed) {
      closed = true;
      disconnected();
      out.onError(status);
    }
  }

  /** Sends one message, or completes the stream when {@code message} is null. */
  private synchronized void send(ControlMessage message) {
    if (closed || out.isCancelled()) {
      return;
    }
    try {
      if (message == null) {
        closed = true;
        out.onCompleted();
      } else {
        out.onNext(message);
      }
    } catch (RuntimeException e) {
      LOG.debugf("cannot send to node %s: %s", nodeId, e.getMessage());
    }
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public String agentVersion() {
    return agentVersion;
  }

  @Override
  public void registered(List<String> fencedAttemptIds) {
    send(ControlMessages.registered(sessionId, heartbeatInterval, fencedAttemptIds, lease));
  }

  @Override
  public void assign(Assignment a) {
    synchronized (this) {
      if (!confirmed) {
        assignedEarly.add(a);
        return;
      }
    }
    send(ControlMessages.assign(a));
  }

  @Override
  public void cancel(String attemptId, String reason) {
    send(ControlMessages.cancel(attemptId, reason));
  }

  @Override
  public void fence(String attemptId, String reason) {
    LOG.infof("node %s: stopping fenced attempt %s", nodeId, attemptId);
    send(ControlMessages.cancel(attemptId, reason, FENCE_GRACE));
  }

  @Override
  public void acknowledge(String attemptId) {
    send(ControlMessages.acknowledge(attemptId));
  }

  @Override
  public void disconnect(String reason) {
    LOG.infof("closing the stream of node %s: %s", nodeId, reason);
    fail(io.grpc.Status.UNAUTHENTICATED.withDescription(reason).asRuntimeException());
  }

  @Override
  public void unknown(String attemptId, String reason) {
    send(ControlMessages.unknown(attemptId, reason));
  }

  @Override
  public void drain(String reason) {
    send(ControlMessages.drain(reason));
  }
}
