package io.lastmile.controlplane.api;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.AttemptStatus;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Gpu;
import io.lastmile.api.v1.InventorySource;
import io.lastmile.api.v1.Register;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An agent's stream over a real socket, driven by a test: what it receives is queued. */
final class AgentStream implements StreamObserver<ControlMessage>, AutoCloseable {
  final BlockingQueue<ControlMessage> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Status> ended = new CompletableFuture<>();
  private final StreamObserver<AgentMessage> up;

  /**
   * @param credential the node credential sent as a bearer token; null sends none
   */
  AgentStream(Channel channel, String credential) {
    AgentServiceGrpc.AgentServiceStub stub = AgentServiceGrpc.newStub(channel);
    if (credential != null) {
      stub = TenantIsolationTest.withHeader(stub, "Bearer " + credential);
    }
    up = stub.connect(this);
  }

  /** Registers {@code nodeId} in sg-sin with one simulated GPU and {@code label=nodeId}. */
  AgentStream register(String nodeId) {
    up.onNext(registration(nodeId));
    return this;
  }

  /** The Register of {@code nodeId}: sg-sin, one simulated L4 and {@code node=nodeId}. */
  static AgentMessage registration(String nodeId) {
    return AgentMessage.newBuilder()
        .setRegister(
            Register.newBuilder()
                .setNodeId(nodeId)
                .setRegion("sg-sin")
                .putLabels("node", nodeId)
                .setInventorySource(InventorySource.INVENTORY_SOURCE_SIMULATED)
                .addGpus(
                    Gpu.newBuilder()
                        .setIndex(0)
                        .setUuid("GPU-" + nodeId)
                        .setModel("NVIDIA L4")
                        .setMemoryTotalMib(23034)))
        .build();
  }

  /** A heartbeat with nothing but its sequence number. */
  static AgentMessage heartbeat(long sequence) {
    return AgentMessage.newBuilder()
        .setHeartbeat(io.lastmile.api.v1.Heartbeat.newBuilder().setSequence(sequence))
        .build();
  }

  /** Sends one message up the stream, as the agent would. */
  AgentStream send(AgentMessage message) {
    up.onNext(message);
    return this;
  }

  /** Reports {@code attemptId} of {@code jobId} (epoch 1) as finished successfully. */
  void succeeded(String jobId, String attemptId, long epoch) {
    up.onNext(
        AgentMessage.newBuilder()
            .setAttemptStatus(
                AttemptStatus.newBuilder()
                    .setJobId(jobId)
                    .setAttemptId(attemptId)
                    .setEpoch(epoch)
                    .setState(AttemptState.ATTEMPT_STATE_SUCCEEDED)
                    .setHasExitCode(true))
            .build());
  }

  /** The next message down, waiting up to 10 s. */
  ControlMessage next() throws InterruptedException {
    ControlMessage m = received.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("nothing received in 10 s; stream ended with " + ended.getNow(null));
    }
    return m;
  }

  /** The next Assign down, skipping other messages, waiting up to 10 s for each. */
  Assign nextAssign() throws InterruptedException {
    while (true) {
      ControlMessage m = next();
      if (m.hasAssign()) {
        return m.getAssign();
      }
    }
  }

  /** How the control plane ended the stream, waiting up to 10 s. */
  Status end() throws Exception {
    return ended.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void onNext(ControlMessage value) {
    received.add(value);
  }

  @Override
  public void onError(Throwable t) {
    ended.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    ended.complete(Status.OK);
  }

  @Override
  public void close() {
    try {
      up.onCompleted();
    } catch (RuntimeException e) {
      // already closed by the server
    }
  }
}
