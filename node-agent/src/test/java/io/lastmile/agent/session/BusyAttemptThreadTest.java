package io.lastmile.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.StreamObserver;
import io.lastmile.agent.DaemonExecutors;
import io.lastmile.agent.runtime.AttemptRunner;
import io.lastmile.agent.runtime.EnergyTracker;
import io.lastmile.agent.runtime.ProcessDriver;
import io.lastmile.agent.runtime.WorkloadLimits;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.AttemptAck;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.HeartbeatAck;
import io.lastmile.api.v1.Register;
import io.lastmile.api.v1.Registered;
import io.lastmile.api.v1.Workload;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of assignments on a slow box: every start takes longer than the heartbeat interval, all
 * of them together several leases. Over a real gRPC stream, the agent keeps answering heartbeats
 * meanwhile, so no attempt is stopped for a lease that never ran out, and every one runs once.
 */
class BusyAttemptThreadTest {
  private static final int ASSIGNMENTS = 10;
  private static final long START_MILLIS = 500;

  @TempDir Path work;

  private final ScheduledExecutorService sessionThread = DaemonExecutors.single("test-session");
  private final ScheduledExecutorService attemptThread = DaemonExecutors.single("test-attempts");
  private final ControlPlane controlPlane = new ControlPlane();
  private final AtomicInteger slowTasks = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    sessionThread.shutdownNow();
    attemptThread.shutdownNow();
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void heartbeatsAreAnsweredWhileStartsQueue() throws Exception {
    server =
        OkHttpServerBuilder.forPort(0, InsecureServerCredentials.create())
            .addService(controlPlane)
            .build()
            .start();
    channel =
        Grpc.newChannelBuilder("localhost:" + server.getPort(), InsecureChannelCredentials.create())
            .build();
    ControlPlaneSession[] session = new ControlPlaneSession[1];
    AttemptRunner runner =
        new AttemptRunner(
            new ProcessDriver(work.resolve("agent")),
            sessionThread,
            Clock.systemUTC(),
            java.time.Duration.ofSeconds(2),
            EnergyTracker.NONE,
            status -> session[0].report(status));
    // Each request on the attempt thread first waits, as a start does on an overloaded box.
    Executor slow =
        task ->
            attemptThread.execute(
                () -> {
                  slowTasks.incrementAndGet();
                  sleep(START_MILLIS);
                  task.run();
                });
    session[0] =
        new ControlPlaneSession(
            channel,
            sessionThread,
            slow,
            () -> Register.newBuilder().setNodeId("edge-busy").setRegion("de-fra").build(),
            List::of,
            runner,
            Clock.systemUTC(),
            new Backoff(
                java.time.Duration.ofMillis(100),
                java.time.Duration.ofSeconds(1),
                RandomGenerator.getDefault()),
            WorkloadLimits.DEFAULTS,
            new AgentCredential(
                new CredentialFile(work.resolve("credential")),
                "",
                Optional.empty(),
                "edge-busy",
                channel),
            refusal -> {});
    session[0].start();

    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> controlPlane.finished() == ASSIGNMENTS);

    assertThat(controlPlane.states.values()).containsOnly(AttemptState.ATTEMPT_STATE_SUCCEEDED);
    assertThat(controlPlane.registrations).hasValue(1);
    assertThat(slowTasks.get()).isGreaterThanOrEqualTo(ASSIGNMENTS);
    assertThat(controlPlane.heartbeatsAnswered.get())
        .as("heartbeats answered while the starts took %d ms", ASSIGNMENTS * START_MILLIS)
        .isGreaterThan(5);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A control plane that grants a 1 s lease, asks for heartbeats as often as the agent allows,
   * assigns a burst at once, answers every heartbeat and records the last state of each attempt.
   */
  private static final class ControlPlane extends AgentServiceGrpc.AgentServiceImplBase {
    final Map<String, AttemptState> states = new ConcurrentHashMap<>();
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger heartbeatsAnswered = new AtomicInteger();

    long finished() {
      return states.values().stream().filter(ControlPlane::terminal).count();
    }

    static boolean terminal(AttemptState state) {
      return state == AttemptState.ATTEMPT_STATE_SUCCEEDED
          || state == AttemptState.ATTEMPT_STATE_FAILED
          || state == AttemptState.ATTEMPT_STATE_CANCELLED;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControlMessage> down) {
      return new StreamObserver<>() {
        @Override
        public synchronized void onNext(AgentMessage message) {
          switch (message.getBodyCase()) {
            case REGISTER -> assignBurst(down);
            case HEARTBEAT -> {
              heartbeatsAnswered.incrementAndGet();
              down.onNext(
                  ControlMessage.newBuilder()
                      .setHeartbeatAck(
                          HeartbeatAck.newBuilder()
                              .setSequence(message.getHeartbeat().getSequence()))
                      .build());
            }
            case ATTEMPT_STATUS -> {
              String id = message.getAttemptStatus().getAttemptId();
              AttemptState state = message.getAttemptStatus().getState();
              states.put(id, state);
              if (terminal(state)) {
                down.onNext(
                    ControlMessage.newBuilder()
                        .setAttemptAck(AttemptAck.newBuilder().setAttemptId(id))
                        .build());
              }
            }
            default -> {}
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          down.onCompleted();
        }
      };
    }

    private void assignBurst(StreamObserver<ControlMessage> down) {
      registrations.incrementAndGet();
      down.onNext(
          ControlMessage.newBuilder()
              .setRegistered(
                  Registered.newBuilder()
                      .setSessionId("busy")
                      .setHeartbeatInterval(Duration.newBuilder().setNanos(100_000_000))
                      .setLease(Duration.newBuilder().setSeconds(1)))
              .build());
      for (int i = 1; i <= ASSIGNMENTS; i++) {
        down.onNext(
            ControlMessage.newBuilder()
                .setAssign(
                    Assign.newBuilder()
                        .setAttemptId("job-" + i + "/1")
                        .setJobId("job-" + i)
                        .setEpoch(1)
                        .setWorkload(Workload.newBuilder().setCommand("sleep").addArgs("2")))
                .build());
      }
    }
  }
}
