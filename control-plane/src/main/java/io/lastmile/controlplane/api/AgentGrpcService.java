package io.lastmile.controlplane.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.config.LastmileConfig;
import io.lastmile.controlplane.energy.MeasuredLatency;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.jobs.JobControl;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.time.Clock;

/** gRPC adapter for the agent protocol: one {@link AgentSession} per stream. */
@GrpcService
public class AgentGrpcService extends AgentServiceGrpc.AgentServiceImplBase {
  @Inject JobControl jobs;
  @Inject ClusterState cluster;
  @Inject Topology topology;
  @Inject MeasuredLatency latency;
  @Inject LastmileConfig config;
  @Inject Clock clock;

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<ControlMessage> out) {
    return new AgentSession(
        (ServerCallStreamObserver<ControlMessage>) out,
        jobs,
        cluster,
        topology,
        latency,
        clock,
        config.node().heartbeatInterval());
  }
}
