package io.lastmile.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.SubmitJobResponse;
import io.lastmile.api.v1.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable SubmitJob throughput and latency over gRPC against the packaged control plane, then the
 * time a restart takes with everything submitted in the store. Not part of the test suite: runs
 * only with {@code -Dlastmile.bench=true} (see docs/benchmarks.md for the command).
 */
class DurableSubmitBenchmark {
  @TempDir Path work;

  @Test
  void durableSubmission() throws Exception {
    assumeTrue(Boolean.getBoolean("lastmile.bench"), "benchmark: run with -Dlastmile.bench=true");
    int clients = Integer.getInteger("lastmile.bench.clients", 64);
    int seconds = Integer.getInteger("lastmile.bench.seconds", 30);
    // The JIT keeps compiling the submission path for about a minute on a 2-vCPU machine:
    // measure the steady state after it.
    int warmUpSeconds = Integer.getInteger("lastmile.bench.warmup-seconds", 60);
    int storeJobs = Integer.getInteger("lastmile.bench.store-jobs", 100_000);
    // The collector and fixed heap the control plane is deployed with (docs/operations.md, "State
    // and restarts"); lastmile.bench.jvm-args may add to or override them.
    List<String> props = new ArrayList<>(List.of("-XX:+UseZGC", "-Xms2g", "-Xmx2g"));
    // Extra JVM options for the control plane, for example a flight recording to profile it.
    String jvmArgs = System.getProperty("lastmile.bench.jvm-args", "");
    if (!jvmArgs.isBlank()) {
      props.addAll(List.of(jvmArgs.trim().split("\\s+")));
    }
    String url = System.getProperty("lastmile.test.pg-url", System.getenv("LASTMILE_TEST_PG_URL"));
    if (url != null && !url.isBlank()) {
      props.add("-Dlastmile.store.jdbc-url=" + url);
      props.add("-Dlastmile.store.region=bench-" + UUID.randomUUID().toString().substring(0, 8));
    }
    try (LocalCluster cluster = new LocalCluster(work)) {
      long bootStart = System.nanoTime();
      cluster.startControlPlane(props.toArray(String[]::new));
      double emptyStartS = (System.nanoTime() - bootStart) / 1e9;

      Result warmUp = run(cluster, clients, warmUpSeconds, Long.MAX_VALUE);
      Result r = run(cluster, clients, seconds, Long.MAX_VALUE);
      System.out.printf(
          "BENCH submit: %d clients, %d s: %d jobs, %.0f jobs/s, p50 %.1f ms, p99 %.1f ms,"
              + " p99.9 %.1f ms, max %.1f ms, errors %d%n",
          clients,
          seconds,
          r.count,
          r.count / (double) seconds,
          r.p(50),
          r.p(99),
          r.p(99.9),
          r.p(100),
          r.errors);

      long have = r.count + warmUp.count;
      if (have < storeJobs) {
        have += run(cluster, clients, 3600, storeJobs - have).count;
      }
      cluster.killControlPlane();
      long restartStart = System.nanoTime();
      cluster.restartControlPlane();
      double restartS = (System.nanoTime() - restartStart) / 1e9;
      System.out.printf(
          "BENCH recovery: start with an empty store %.1f s; restart with %d jobs stored %.1f s"
              + " (kill to ready)%n",
          emptyStartS, have, restartS);
    }
  }

  private record Result(long count, long errors, long[] latenciesNs) {
    double p(double percentile) {
      if (latenciesNs.length == 0) {
        return 0;
      }
      int i =
          (int)
              Math.min(
                  latenciesNs.length - 1, Math.ceil(percentile / 100.0 * latenciesNs.length) - 1);
      return latenciesNs[Math.max(0, i)] / 1e6;
    }
  }

  /**
   * {@code clients} closed-loop clients for {@code seconds} or {@code limit} jobs: each has one
   * call in flight and sends its next as soon as the previous one is answered. Clients are
   * callbacks on the channels' event loops rather than a thread each, so the load generator, which
   * shares the machine's cores with the control plane and the database, costs as little as it can.
   */
  private static Result run(LocalCluster cluster, int clients, int seconds, long limit)
      throws InterruptedException {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      channels.add(cluster.directChannel());
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    List<Client> all = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Client client =
          new Client(
              JobServiceGrpc.newStub(channels.get(c % channels.size())),
              new long[2_000_000 / clients],
              () -> System.nanoTime() < end && issued.incrementAndGet() <= limit,
              errors,
              done);
      all.add(client);
      client.next();
    }
    done.await();
    channels.forEach(ManagedChannel::shutdownNow);
    String trace = System.getProperty("lastmile.bench.trace", "");
    if (!trace.isBlank()) {
      // Every request of the run, to line up slow ones with the control plane's GC log.
      long offsetMs = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
      try {
        Files.write(
            Path.of(trace),
            all.stream().flatMap(c -> c.trace(offsetMs)).toList(),
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    long[] latencies = all.stream().flatMapToLong(Client::latencies).sorted().toArray();
    return new Result(latencies.length, errors.get(), latencies);
  }

  /** One client: a call at a time, each latency recorded. */
  private static final class Client implements StreamObserver<SubmitJobResponse> {
    private final JobServiceGrpc.JobServiceStub stub;
    private final long[] latenciesNs;
    private final BooleanSupplier goOn;
    private final AtomicLong errors;
    private final CountDownLatch done;
    private final long[] sentAtNs;
    private int count;
    private long sentAt;

    Client(
        JobServiceGrpc.JobServiceStub stub,
        long[] latenciesNs,
        BooleanSupplier goOn,
        AtomicLong errors,
        CountDownLatch done) {
      this.stub = stub;
      this.latenciesNs = latenciesNs;
      this.sentAtNs = new long[latenciesNs.length];
      this.goOn = goOn;
      this.errors = errors;
      this.done = done;
    }

    void next() {
      if (!goOn.getAsBoolean()) {
        done.countDown();
        return;
      }
      sentAt = System.nanoTime();
      stub.submitJob(request(), this);
    }

    @Override
    public void onNext(SubmitJobResponse response) {}

    @Override
    public void onError(Throwable t) {
      errors.incrementAndGet();
      next();
    }

    @Override
    public void onCompleted() {
      if (count < latenciesNs.length) {
        sentAtNs[count] = sentAt;
        latenciesNs[count++] = System.nanoTime() - sentAt;
      }
      next();
    }

    LongStream latencies() {
      return Arrays.stream(latenciesNs, 0, count);
    }

    /** Lines of "sent at (ms since the epoch), latency (ms)". */
    Stream<String> trace(long nanoToEpochMs) {
      return IntStream.range(0, count)
          .mapToObj(
              i -> "%.3f %.3f".formatted(nanoToEpochMs + sentAtNs[i] / 1e6, latenciesNs[i] / 1e6));
    }
  }

  private static SubmitJobRequest request() {
    return SubmitJobRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setSpec(
            JobSpec.newBuilder()
                .setName("bench")
                .setWorkload(Workload.newBuilder().setCommand("true")))
        .build();
  }
}
