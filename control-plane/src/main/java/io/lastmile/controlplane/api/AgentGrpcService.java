package io.lastmile.controlplane.api;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.EnrollRequest;
import io.lastmile.api.v1.EnrollResponse;
import io.lastmile.controlplane.auth.AgentIdentity;
import io.lastmile.controlplane.auth.Authenticator;
import io.lastmile.controlplane.auth.NodeCredentials;
import io.lastmile.controlplane.auth.PodIdentities;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NotLeaderException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.energy.MeasuredLatency;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.jobs.JobControl;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** gRPC adapter for the agent protocol: one {@link AgentSession} per stream. */
@GrpcService
public class AgentGrpcService extends AgentServiceGrpc.AgentServiceImplBase {
  private static final Logger LOG = Logger.getLogger(AgentGrpcService.class);
  @Inject JobControl jobs;
  @Inject ClusterState cluster;
  @Inject Topology topology;
  @Inject MeasuredLatency latency;

  @Inject AgentStreamMeters meters;

  /** What every session shares; its worker pools keep the store and the lock off the stream. */
  private AgentStreams streams;

  @PostConstruct
  void startWorkers() {
    streams =
        new AgentStreams(
            jobs,
            cluster,
            topology,
            latency,
            clock,
            heartbeatInterval,
            ControlMessages.lease(lostAfter),
            meters,
            AgentStreams.workers("registers", 2),
            AgentStreams.workers("reports", 4));
  }

  @PreDestroy
  void stopWorkers() {
    streams.shutdown();
  }

  /** {@code lastmile.node.heartbeat-interval}, told to every agent that registers. */
  @ConfigProperty(name = "lastmile.node.heartbeat-interval", defaultValue = "2s")
  Duration heartbeatInterval;

  /** {@code lastmile.node.lost-after}, from which each agent's lease is derived. */
  @ConfigProperty(name = "lastmile.node.lost-after", defaultValue = "60s")
  Duration lostAfter;

  @Inject Clock clock;
  @Inject Leadership leadership;

  @Inject Authenticator authenticator;
  @Inject NodeCredentials credentials;
  @Inject PodIdentities pods;

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<ControlMessage> out) {
    String node = AgentIdentity.nodeId().orElse(null);
    if (authenticator.enabled() && node == null) {
      // Fails closed: a stream that bypassed the interceptor speaks for no node.
      out.onError(
          Status.UNAUTHENTICATED.withDescription("no node credential").asRuntimeException());
      return new Ignored();
    }
    if (!leadership.isLeader()) {
      // The agent backs off and reconnects; the Service routes it to the leader meanwhile.
      out.onError(
          GrpcErrors.toStatus(
              new NotLeaderException(leadership.identity(), leadership.holder()), "Connect"));
      return new Ignored();
    }
    return new AgentSession((ServerCallStreamObserver<ControlMessage>) out, streams, node);
  }

  @Override
  @Blocking
  public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> out) {
    GrpcErrors.unary(
        "Enroll",
        out,
        () -> {
          if (!authenticator.enabled()) {
            throw new PreconditionException(
                "authentication is off (development mode): agents connect without a credential;"
                    + " remove lastmile.agent.enrolment.token");
          }
          String credential;
          if (request.getServiceAccountToken().isEmpty()) {
            credential = credentials.enroll(request.getEnrolmentToken(), request.getNodeId());
            LOG.infof("node %s enrolled", request.getNodeId());
          } else if (!request.getEnrolmentToken().isEmpty()) {
            throw new InvalidFieldException(
                "enrolment_token",
                "(set)",
                "must be empty when service_account_token is set: an agent enrols one way");
          } else {
            credential =
                credentials.enrollPod(request.getServiceAccountToken(), request.getNodeId(), pods);
            LOG.infof("node %s enrolled with its pod's ServiceAccount token", request.getNodeId());
          }
          return EnrollResponse.newBuilder()
              .setNodeId(request.getNodeId())
              .setCredential(credential)
              .build();
        });
  }

  /** Drops what a refused agent still sends before it sees the error. */
  private static final class Ignored implements StreamObserver<AgentMessage> {
    @Override
    public void onNext(AgentMessage message) {}

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onCompleted() {}
  }
}
