package io.lastmile.controlplane.config;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.scheduler.ScoreWeights;
import io.lastmile.controlplane.scheduler.filter.GpuFitFilter;
import io.lastmile.controlplane.scheduler.filter.HostResourcesFilter;
import io.lastmile.controlplane.scheduler.filter.JurisdictionFilter;
import io.lastmile.controlplane.scheduler.filter.LabelSelectorFilter;
import io.lastmile.controlplane.scheduler.filter.ReadinessFilter;
import io.lastmile.controlplane.scheduler.filter.RoundTripFilter;
import io.lastmile.controlplane.scheduler.score.GpuPackingScorer;
import io.lastmile.controlplane.scheduler.score.RoundTripScorer;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JdbcJobStore;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.LeaderFence;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/** Builds the plain-Java core from configuration, failing fast on bad settings. */
@ApplicationScoped
public class ControlPlaneBeans {
  private static final Logger LOG = Logger.getLogger(ControlPlaneBeans.class);

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  Topology topology(LastmileConfig config) {
    Topology topology =
        config.dataDir().map(dir -> Topology.load(Path.of(dir))).orElseGet(Topology::sample);
    LOG.infof(
        "topology: %d regions from %s",
        topology.regions().size(), config.dataDir().orElse("the bundled sample data"));
    return topology;
  }

  @Produces
  @Singleton
  Database database(LastmileConfig config) {
    LastmileConfig.Store store = config.store();
    String url = store.jdbcUrl().filter(u -> !u.isBlank()).orElseGet(() -> embeddedUrl(config));
    return Database.open(
        url, store.username().orElse(""), store.password().orElse(""), store.maxConnections());
  }

  /** An H2 file that survives a kill: every commit is written before it is acknowledged. */
  private static String embeddedUrl(LastmileConfig config) {
    Path file = Path.of(config.stateDir()).toAbsolutePath().resolve("db").resolve("lastmile");
    return "jdbc:h2:file:" + file + ";WRITE_DELAY=0";
  }

  void closeDatabase(@Disposes Database db) {
    db.close();
  }

  @Produces
  @Singleton
  LeaderFence leaderFence(LastmileConfig config, Clock clock) {
    return new LeaderFence(config.store().region(), holderId(), clock);
  }

  private static String holderId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "control-plane");
    return host + "/" + ProcessHandle.current().pid();
  }

  @Produces
  @Singleton
  JobStore jobStore(Database db, LeaderFence fence, Clock clock) {
    // Single replica: taking the lead at start fences any earlier process on the same database.
    fence.acquire(db);
    return new JdbcJobStore(db, fence, clock);
  }

  void closeStore(@Disposes JobStore store) {
    if (store instanceof JdbcJobStore jdbc) {
      jdbc.close();
    }
  }

  @Produces
  @Singleton
  ClusterState clusterState() {
    return new ClusterState();
  }

  @Produces
  @Singleton
  Scheduler scheduler(LastmileConfig config) {
    return new Scheduler(
        List.of(
            // Placement constraints first: "too far" explains more than "too full".
            new ReadinessFilter(),
            new JurisdictionFilter(),
            new RoundTripFilter(),
            new LabelSelectorFilter(),
            new GpuFitFilter(),
            new HostResourcesFilter()),
        List.of(new RoundTripScorer(), new GpuPackingScorer()),
        ScoreWeights.uniform(config.scheduler().weights()));
  }

  @Produces
  @Singleton
  SchedulingQueue schedulingQueue(LastmileConfig config) {
    return new SchedulingQueue(config.scheduler().maxBackoff());
  }

  @Produces
  @Singleton
  JobControl jobControl(
      JobStore store, ClusterState cluster, SchedulingQueue queue, Clock clock, Wakeup wakeup) {
    JobControl control = new JobControl(store, cluster, queue, clock, wakeup::wake);
    control.recover(store.load());
    return control;
  }

  @Produces
  @Singleton
  SchedulingLoop schedulingLoop(
      JobControl control,
      ClusterState cluster,
      Scheduler scheduler,
      Topology topology,
      Clock clock,
      LastmileConfig config,
      MeterRegistry metrics,
      Wakeup wakeup) {
    SchedulingLoop loop =
        new SchedulingLoop(
            control,
            cluster,
            scheduler,
            topology::latency,
            clock,
            config.node().heartbeatGrace(),
            config.node().lostAfter(),
            metrics);
    wakeup.target = loop;
    return loop;
  }

  void start(@Observes StartupEvent event, SchedulingLoop loop) {
    loop.start();
  }

  void stop(@Observes ShutdownEvent event, SchedulingLoop loop) {
    loop.stop();
  }

  /** Breaks the cycle between the job lifecycle (which wakes the loop) and the loop. */
  @Singleton
  static class Wakeup {
    volatile SchedulingLoop target;

    void wake() {
      SchedulingLoop loop = target;
      if (loop != null) {
        loop.wake();
      }
    }
  }
}
