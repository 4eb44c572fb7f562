package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent that stops reading its stream, played by a raw gRPC call that never asks for a message:
 * the control plane stops reading it, queues at most {@link StreamFlow#MAX_QUEUED} messages for it,
 * and past that closes the stream with RESOURCE_EXHAUSTED.
 */
@QuarkusTest
@TestProfile(FleetProfile.class)
class AgentFlowControlTest {
  private static final String NODE = "edge-stuck-reader";

  @Inject AgentStreamMeters meters;
  @Inject ClusterState cluster;

  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    // A small window, so that the control plane's answers fill it after a few thousand.
    channel =
        NettyChannelBuilder.forAddress("localhost", port)
            .usePlaintext()
            .flowControlWindow(16 * 1024)
            .build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void anAgentThatStopsReadingIsNotReadAndIsClosedOnceTheBoundIsPassed() throws Exception {
    List<ControlMessage> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<AgentMessage, ControlMessage> call =
        channel.newCall(AgentServiceGrpc.getConnectMethod(), CallOptions.DEFAULT);
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(ControlMessage message) {
            received.add(message);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    long overflowedBefore = meters.overflowed();
    int stalledBefore = meters.stalled();

    call.sendMessage(AgentStream.registration(NODE));
    await().until(() -> cluster.link(NODE).isPresent());

    // Heartbeats, each answered, until the answers no longer fit: the stream is not read on.
    long[] sequence = {0};
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (int i = 0; i < 2_000; i++) {
                call.sendMessage(AgentStream.heartbeat(++sequence[0]));
              }
              return meters.stalled() > stalledBefore;
            });
    for (int i = 0; i < 5_000; i++) {
      call.sendMessage(AgentStream.heartbeat(++sequence[0]));
    }
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> meters.stalled() > stalledBefore);
    assertThat(cluster.link(NODE)).as("the stream stays open while within its bound").isPresent();
    assertThat(meters.mostQueued()).isLessThanOrEqualTo(StreamFlow.MAX_QUEUED);

    // What the control plane sends of its own accord queues up to the bound, then the stream ends.
    NodeLink link = cluster.link(NODE).orElseThrow();
    for (int i = 0; i <= StreamFlow.MAX_QUEUED; i++) {
      link.drain("drain " + i);
    }
    assertThat(meters.overflowed()).isEqualTo(overflowedBefore + 1);
    assertThat(meters.mostQueued()).isEqualTo(StreamFlow.MAX_QUEUED);
    assertThat(cluster.link(NODE)).as("the node is no longer connected").isEmpty();
    assertThat(meters.stalled()).isEqualTo(stalledBefore);

    // The agent reads again: it sees what was sent before the bound, then why the stream ended.
    call.request(Integer.MAX_VALUE);
    Status status = closed.get(30, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription())
        .isEqualTo(
            "the agent stopped reading: 1000 messages waited for it; dial again and register");
    assertThat(received.get(0).hasRegistered()).isTrue();
    assertThat(received).anyMatch(ControlMessage::hasHeartbeatAck);
  }
}
