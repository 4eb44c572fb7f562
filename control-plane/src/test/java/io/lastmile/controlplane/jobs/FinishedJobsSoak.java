package io.lastmile.controlplane.jobs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JdbcJobStore;
import io.lastmile.controlplane.store.LeaderFence;
import io.lastmile.controlplane.store.Retention;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak benchmark, not part of the build: pushes {@code lastmile.soak.jobs} jobs through submit, a
 * scheduling decision and cancellation (a finish) on the embedded H2 file, and prints the heap
 * after a full GC every 10% of the way. {@code lastmile.soak.finished-jobs} and {@code
 * lastmile.soak.finished-age} set the retention (default: the shipped one). See docs/benchmarks.md.
 */
class FinishedJobsSoak {
  private static final int BATCH = 256;

  @TempDir Path dir;

  @Test
  void heapStaysBoundedAsFinishedJobsPileUp() {
    String jobs = System.getProperty("lastmile.soak.jobs");
    assumeTrue(jobs != null, "set -Dlastmile.soak.jobs=N to run the soak benchmark");
    int total = Integer.parseInt(jobs);
    Retention retention =
        new Retention(
            Integer.getInteger("lastmile.soak.finished-jobs", Retention.DEFAULT.finishedJobs()),
            Duration.parse(
                System.getProperty(
                    "lastmile.soak.finished-age", Retention.DEFAULT.finishedAge().toString())));
    Clock clock = Clock.systemUTC();
    try (Database db =
        Database.open(
            "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0", "", "", 8)) {
      LeaderFence fence = new LeaderFence("global", "soak", clock);
      fence.acquire(db);
      try (JdbcJobStore store = new JdbcJobStore(db, fence, clock, retention)) {
        JobControl control =
            new JobControl(
                store,
                new ClusterState(),
                new SchedulingQueue(Duration.ofSeconds(30)),
                clock,
                Unpriced.EUR,
                retention);
        control.recover(store.load());
        run(control, store, total, retention);
      }
    }
  }

  private static void run(JobControl control, JdbcJobStore store, int total, Retention retention) {
    JobSpec spec = RecoveryTest.spec();
    Decision decision = new Decision.Unschedulable(List.of(), 0);
    long began = System.nanoTime();
    System.out.printf(
        "soak: %d jobs, retention %d finished jobs / %s, max heap %d MiB, %s%n",
        total,
        retention.finishedJobs(),
        retention.finishedAge(),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.version());
    int step = Math.max(1, total / 10);
    int done = 0;
    while (done < total) {
      List<CompletableFuture<JobControl.Submitted>> batch = new ArrayList<>();
      for (int i = 0; i < BATCH && done + i < total; i++) {
        batch.add(control.submitAsync("soak-" + (done + i), spec));
      }
      for (CompletableFuture<JobControl.Submitted> submitted : batch) {
        String id = submitted.join().job().id();
        control.recordDecision(id, decision);
        control.cancel(id, "soak");
        done++;
        if (done % step == 0 || done == total) {
          report(done, total, store, began);
        }
      }
    }
  }

  private static void report(int done, int total, JdbcJobStore store, long began) {
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(
        "soak: %3d%% %,9d jobs finished, %,7d in memory, heap after GC %6.1f MiB, %5.1f s%n",
        done * 100L / total,
        done,
        store.finishedInMemory(),
        heap / 1048576.0,
        (System.nanoTime() - began) / 1e9);
  }
}
