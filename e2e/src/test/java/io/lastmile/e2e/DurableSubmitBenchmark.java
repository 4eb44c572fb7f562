package io.lastmile.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
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
    int storeJobs = Integer.getInteger("lastmile.bench.store-jobs", 100_000);
    List<String> props = new ArrayList<>(List.of("-Xmx2g"));
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

      Result warmUp = run(cluster, clients, 5, Long.MAX_VALUE);
      Result r = run(cluster, clients, seconds, Long.MAX_VALUE);
      System.out.printf(
          "BENCH submit: %d clients, %d s: %d jobs, %.0f jobs/s, p50 %.1f ms, p99 %.1f ms,"
              + " max %.1f ms, errors %d%n",
          clients,
          seconds,
          r.count,
          r.count / (double) seconds,
          r.p(50),
          r.p(99),
          r.p(100),
          r.errors);

      long have = r.count + warmUp.count;
      if (have < storeJobs) {
        run(cluster, clients, 3600, storeJobs - have);
      }
      cluster.killControlPlane();
      long restartStart = System.nanoTime();
      cluster.restartControlPlane();
      double restartS = (System.nanoTime() - restartStart) / 1e9;
      System.out.printf(
          "BENCH recovery: start with an empty store %.1f s; restart with >= %d jobs stored %.1f s"
              + " (kill to ready)%n",
          emptyStartS, storeJobs, restartS);
    }
  }

  private record Result(long count, long errors, long[] latenciesNs) {
    double p(int percentile) {
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

  /** {@code clients} threads submitting back to back for {@code seconds} or {@code limit} jobs. */
  private static Result run(LocalCluster cluster, int clients, int seconds, long limit)
      throws InterruptedException {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      channels.add(cluster.channel());
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<long[]> perThread = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      JobServiceGrpc.JobServiceBlockingStub stub =
          JobServiceGrpc.newBlockingStub(channels.get(c % channels.size()));
      long[] lat = new long[2_000_000 / clients];
      perThread.add(lat);
      int slot = c;
      Thread t =
          new Thread(
              () -> {
                int n = 0;
                while (System.nanoTime() < end && issued.incrementAndGet() <= limit) {
                  long t0 = System.nanoTime();
                  try {
                    stub.submitJob(request());
                  } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    continue;
                  }
                  if (n < lat.length) {
                    lat[n++] = System.nanoTime() - t0;
                  }
                }
                perThread.set(slot, Arrays.copyOf(lat, n));
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    channels.forEach(ManagedChannel::shutdownNow);
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(all.length, errors.get(), all);
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
