package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.controlplane.cluster.ClusterState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every agent registering at once, as after a control-plane restart: other calls are still
 * answered, every agent ends up registered, and a heartbeat sent right behind a Register waits for
 * it instead of being refused.
 */
@QuarkusTest
@TestProfile(FleetProfile.class)
class AgentRegistrationStormTest {
  private static final int CHANNELS = 4;
  private static final int AGENTS = 1_000;

  @Inject ClusterState cluster;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<AgentStream> agents = new ArrayList<>();

  @AfterEach
  void disconnect() throws InterruptedException {
    agents.forEach(AgentStream::close);
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void otherCallsAreAnsweredWhileAThousandAgentsRegisterAndEveryOneIsRegistered() {
    for (int i = 0; i < CHANNELS; i++) {
      channels.add(GrpcTestClient.channel());
    }
    NodeServiceGrpc.NodeServiceBlockingStub nodes =
        NodeServiceGrpc.newBlockingStub(channels.get(0));
    nodes.listNodes(ListNodesRequest.getDefaultInstance()); // the channel is up before the storm

    for (int i = 0; i < AGENTS; i++) {
      AgentStream agent = new AgentStream(channels.get(i % CHANNELS), null);
      agents.add(agent.register("storm-" + i).send(AgentStream.heartbeat(1)));
    }
    long slowestMs = 0;
    int calls = 0;
    while (!allRegistered() && calls < 10_000) {
      long start = System.nanoTime();
      nodes
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .listNodes(ListNodesRequest.newBuilder().setRegion("de-fra").build());
      slowestMs = Math.max(slowestMs, (System.nanoTime() - start) / 1_000_000);
      calls++;
    }
    assertThat(slowestMs).as("slowest ListNodes during the storm, in ms").isLessThan(2_000);

    await().atMost(Duration.ofSeconds(60)).until(this::allRegistered);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                agents.stream()
                    .allMatch(a -> a.received.stream().anyMatch(ControlMessage::hasHeartbeatAck)));
    for (AgentStream agent : agents) {
      assertThat(agent.received.peek().hasRegistered()).as("Registered comes first").isTrue();
      assertThat(agent.ended).as("no stream is refused").isNotDone();
    }
    for (int i = 0; i < AGENTS; i++) {
      assertThat(cluster.link("storm-" + i)).as("storm-%d connected", i).isPresent();
    }
  }

  private boolean allRegistered() {
    return agents.stream().allMatch(a -> !a.received.isEmpty() || a.ended.isDone());
  }
}
