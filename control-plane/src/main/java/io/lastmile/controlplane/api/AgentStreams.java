package io.lastmile.controlplane.api;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.energy.MeasuredLatency;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.jobs.JobControl;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every agent session shares: the lifecycle, the cluster, the protocol's timings, the meters
 * and the two worker pools that keep store writes and the lifecycle's lock off the network thread.
 *
 * @param heartbeatInterval told to every agent that registers
 * @param lease the lease each agent holds on its attempts (see {@link ControlMessages#lease})
 * @param registers applies registrations: they write the store and take the lifecycle's lock
 * @param reports applies attempt reports (see {@link ReportQueue})
 */
record AgentStreams(
    JobControl jobs,
    ClusterState cluster,
    Topology topology,
    MeasuredLatency latency,
    Clock clock,
    Duration heartbeatInterval,
    Duration lease,
    AgentStreamMeters meters,
    ExecutorService registers,
    ExecutorService reports) {

  /**
   * A small pool of daemon threads named {@code lastmile-agent-<name>-<n>}: what it runs contends
   * for one lock, so a few threads do.
   */
  static ExecutorService workers(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "lastmile-agent-" + name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  void shutdown() {
    registers.shutdown();
    reports.shutdown();
  }
}
