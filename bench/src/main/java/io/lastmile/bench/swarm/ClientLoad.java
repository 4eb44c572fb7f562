package io.lastmile.bench.swarm;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The users' side of a swarm run: closed-loop clients that each submit a job through gRPC as soon
 * as the previous one was accepted, and a probe that calls GetJob ten times a second from the
 * start, so the answers other calls get during a registration storm are measured too. Each client
 * and the probe is a thread of its own on one TCP connection of their own (not the agents').
 */
final class ClientLoad implements AutoCloseable {
  private static final long PROBE_EVERY_MS = 100;
  private static final long DEADLINE_S = 5;

  private final ManagedChannel channel;
  private final RunLog runs;
  private final List<Thread> threads = new ArrayList<>();
  private final LatencyHistogram submitAck = new LatencyHistogram();
  private final LatencyHistogram probe = new LatencyHistogram();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder probeDeadlines = new LongAdder();
  private volatile boolean running = true;

  /** Jobs the clients may still have in flight; null for no limit. */
  private volatile Semaphore inFlight;

  /**
   * Clients' jobs in flight: true once accepted, false when it ended before its acceptance came.
   */
  private final Map<String, Boolean> open = new ConcurrentHashMap<>();

  /** Starts the probe at once; {@link #startClients} starts the submitting clients. */
  ClientLoad(String controlPlane, RunLog runs) {
    this.channel = NettyChannelBuilder.forTarget(controlPlane).usePlaintext().build();
    this.runs = runs;
    start("swarm-probe", this::probe);
  }

  /**
   * Starts {@code clients} closed-loop clients, each submitting one-GPU jobs until closed; with
   * {@code inFlight} above 0 they wait while that many of their jobs are accepted and not ended.
   */
  void startClients(int clients, int inFlight) {
    if (inFlight > 0) {
      this.inFlight = new Semaphore(inFlight);
      runs.onEnded(this::ended);
    }
    for (int i = 0; i < clients; i++) {
      int client = i;
      start("swarm-client-" + i, () -> submitLoop(client));
    }
  }

  private void start(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void submitLoop(int client) {
    JobServiceGrpc.JobServiceBlockingStub jobs = JobServiceGrpc.newBlockingStub(channel);
    for (long n = 0; running; n++) {
      String requestId = "swarm-c%d-%d".formatted(client, n);
      Semaphore limit = inFlight;
      if (limit != null && !acquire(limit)) {
        return;
      }
      long sent = System.nanoTime();
      try {
        String jobId =
            jobs.withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS)
                .submitJob(
                    SubmitJobRequest.newBuilder()
                        .setRequestId(requestId)
                        .setSpec(
                            JobSpec.newBuilder()
                                .setName(requestId)
                                .setWorkload(Workload.newBuilder().setCommand("true"))
                                .setResources(Resources.newBuilder().setGpuCount(1)))
                        .build())
                .getJob()
                .getId();
        submitAck.record(System.nanoTime() - sent);
        runs.submitted(jobId, sent);
        accepted.increment();
        if (limit != null) {
          open.compute(jobId, (id, ended) -> ended == null ? Boolean.TRUE : release(limit));
        }
      } catch (StatusRuntimeException e) {
        if (limit != null) {
          limit.release();
        }
        refused.increment();
        pause(100); // a refusal (overload, deadline) is retried as a new job after a pause
      }
    }
  }

  /** An attempt of {@code jobId} ended on an agent: its client may submit another. */
  private void ended(String jobId) {
    Semaphore limit = inFlight;
    open.compute(jobId, (id, accepted) -> accepted == null ? Boolean.FALSE : release(limit));
  }

  /** Gives a permit back; the job leaves {@link #open}. */
  private static Boolean release(Semaphore limit) {
    limit.release();
    return null;
  }

  private boolean acquire(Semaphore limit) {
    try {
      while (running) {
        if (limit.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void probe() {
    JobServiceGrpc.JobServiceBlockingStub jobs = JobServiceGrpc.newBlockingStub(channel);
    GetJobRequest missing = GetJobRequest.newBuilder().setJobId("swarm-probe-missing").build();
    while (running) {
      long sent = System.nanoTime();
      try {
        jobs.withDeadlineAfter(DEADLINE_S, TimeUnit.SECONDS).getJob(missing);
        probe.record(System.nanoTime() - sent);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
          probeDeadlines.increment();
        } else {
          probe.record(System.nanoTime() - sent); // NOT_FOUND is its answer
        }
      }
      pause(PROBE_EVERY_MS);
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long accepted() {
    return accepted.sum();
  }

  /** Readable lines: the submissions and the probe's answers. */
  String text() {
    return String.join(
        "\n",
        "submitted         %d accepted, %d refused (deadline %d s); accept %s"
            .formatted(
                accepted.sum(), refused.sum(), DEADLINE_S, SwarmReport.percentiles(submitAck)),
        "probe GetJob      %s, %d past its %d s deadline (from the first dial)"
            .formatted(SwarmReport.percentiles(probe), probeDeadlines.sum(), DEADLINE_S),
        "submit to RUNNING %s (Submit sent to the attempt started on its agent)"
            .formatted(SwarmReport.percentiles(runs.toRunning())),
        "submit to done    %s (Submit sent to SUCCEEDED sent by its agent)"
            .formatted(SwarmReport.percentiles(runs.toSucceeded())),
        "backlog           %d accepted jobs not ended on an agent"
            .formatted(Math.max(0, accepted.sum() - runs.ended())));
  }

  /** Stops submitting (and probing) and waits for the clients to return. */
  @Override
  public void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(DEADLINE_S + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    channel.shutdownNow();
  }
}
