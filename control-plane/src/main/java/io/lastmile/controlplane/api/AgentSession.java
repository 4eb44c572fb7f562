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
import io.lastmile.controlplane.jobs.JobControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * One agent's stream: reads its messages in order and sends it work. Nothing here blocks the
 * network thread: a Register is applied on a worker (it writes the store and takes the lifecycle's
 * lock) and the stream's next message is read only once it has been, so what follows it waits for
 * it; attempt reports are applied by the stream's {@link ReportQueue}; a heartbeat, which touches
 * memory only, is answered on the spot. {@link StreamFlow} keeps what waits for the agent bounded.
 */
final class AgentSession implements StreamObserver<AgentMessage>, NodeLink {
  private static final Logger LOG = Logger.getLogger(AgentSession.class);

  private final AgentStreams shared;
  private final JobControl jobs;
  private final ClusterState cluster;
  private final StreamFlow flow;
  private final ReportQueue reports;

  /** Grace period of a fenced attempt: another copy of its job may already run elsewhere. */
  static final Duration FENCE_GRACE = Duration.ofSeconds(2);

  private final String sessionId = UUID.randomUUID().toString().substring(0, 8);
  private final String authenticatedNode;
  private volatile String nodeId;
  private volatile String nodeRegion;
  private volatile String agentVersion = "";

  /** The agent went away; a registration applied after that is undone. */
  private volatile boolean gone;

  /** Whether Registered was sent; assignments made before that wait in {@link #assignedEarly}. */
  private boolean confirmed;

  private final List<Assignment> assignedEarly = new ArrayList<>();

  /** Takes over {@code out}; call from the service method, before it returns. */
  AgentSession(
      ServerCallStreamObserver<ControlMessage> out, AgentStreams shared, String authenticatedNode) {
    this.shared = shared;
    this.jobs = shared.jobs();
    this.cluster = shared.cluster();
    this.authenticatedNode = authenticatedNode;
    this.flow = new StreamFlow(out, shared.meters(), sessionId, this::disconnected);
    this.reports = new ReportQueue(shared.reports(), flow::readNext);
    out.setOnCancelHandler(this::disconnected);
  }

  @Override
  public void onNext(AgentMessage message) {
    try {
      switch (message.getBodyCase()) {
        case REGISTER -> {
          Register r = message.getRegister();
          if (nodeId != null) {
            throw new InvalidFieldException(
                "register", r.getNodeId(), "may only be sent once per session");
          }
          // The next message is read once this one is applied.
          shared.registers().execute(() -> register(r));
          return;
        }
        case HEARTBEAT -> heartbeat(message.getHeartbeat());
        case ATTEMPT_STATUS -> {
          requireRegistered();
          AttemptReport report = ProtoMapper.report(message.getAttemptStatus());
          if (!reports.submit(report.attemptId() + " " + report.phase(), () -> apply(report))) {
            return; // read on once a waiting report is applied
          }
        }
        default ->
            throw new InvalidFieldException(
                "body", "unset", "must be one of register, heartbeat, attempt_status");
      }
      flow.readNext();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /**
   * Applies an attempt report with the other agents' (from the {@link ReportQueue}'s thread) and
   * answers it; the future completes once it is answered.
   */
  private CompletableFuture<?> apply(AttemptReport report) {
    return jobs.attemptStatusAsync(nodeId, report)
        .handle(
            (commands, error) -> {
              Throwable e = error instanceof CompletionException c ? c.getCause() : error;
              try {
                if (e == null) {
                  deliver(commands);
                } else if (e instanceof StoreException) {
                  // The stream stays: the agent sends an unacknowledged final status again.
                  LOG.warnf(
                      "node %s: report on %s not recorded (%s); sent again",
                      nodeId, report.attemptId(), e);
                } else {
                  fail(e);
                }
              } catch (RuntimeException sendFailed) {
                fail(sendFailed);
              }
              return null;
            });
  }

  /** Applies a Register, on a worker, with the other registrations waiting. */
  private void register(Register r) {
    try {
      NodeInfo info = Registration.node(r, authenticatedNode, shared.topology());
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
      List<AttemptReport> attempts = r.getAttemptsList().stream().map(ProtoMapper::report).toList();
      jobs.registeredAsync(info, this, attempts).whenComplete(this::registered);
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void registered(List<AgentCommand> answer, Throwable error) {
    if (error != null) {
      fail(error instanceof CompletionException ? error.getCause() : error);
      return;
    }
    confirm(answer);
    if (gone) {
      // The agent left while its registration was applied: the node is not connected.
      disconnected();
    } else {
      flow.readNext();
    }
  }

  /**
   * Sends the answer to the registration, which starts with Registered, then what the scheduling
   * loop assigned to the node meanwhile: the agent hears of its session before any new work.
   */
  private void confirm(List<AgentCommand> answer) {
    List<Assignment> early;
    synchronized (this) {
      deliver(answer);
      confirmed = true;
      early = List.copyOf(assignedEarly);
      assignedEarly.clear();
    }
    early.forEach(this::assign);
  }

  private void heartbeat(Heartbeat h) {
    requireRegistered();
    NodeTelemetry telemetry = ProtoMapper.telemetry(h);
    if (!cluster.heartbeat(nodeId, this, telemetry, shared.clock().instant())) {
      LOG.debugf("node %s: heartbeat %d arrived late; ignored", nodeId, h.getSequence());
      return;
    }
    // Renews the agent's lease on its attempts: it runs from when the agent sent this heartbeat.
    send(ControlMessages.heartbeatAck(h.getSequence()));
    jobs.measured(nodeId, telemetry.attemptEnergyWh());
    // An agent back on its old stream after being taken for lost still runs the attempts that
    // were re-queued meanwhile: its heartbeat lists them, and it is told to stop them.
    deliver(jobs.running(nodeId, telemetry.attemptEnergyWh().keySet()));
    RoundTrips.record(shared.latency(), nodeId, nodeRegion, h);
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
    flow.complete();
  }

  private void disconnected() {
    gone = true;
    if (nodeId != null) {
      LOG.infof("node %s disconnected (session %s)", nodeId, sessionId);
      cluster.disconnected(nodeId, this, shared.clock().instant());
    }
  }

  /** Ends the stream with {@code error} as a status (see {@link GrpcErrors#toStatus}). */
  private void fail(Throwable error) {
    if (flow.fail(GrpcErrors.toStatus(error, "AgentService.Connect"))) {
      disconnected();
    }
  }

  private void send(ControlMessage message) {
    flow.send(message);
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
    send(
        ControlMessages.registered(
            sessionId, shared.heartbeatInterval(), fencedAttemptIds, shared.lease()));
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
