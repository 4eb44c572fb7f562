package io.lastmile.controlplane.config;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.MeasuredLatency;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PriceFiles;
import io.lastmile.controlplane.energy.PriceIntake;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.energy.RecordedEnergyHistory;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.events.JobEventChannel;
import io.lastmile.controlplane.jobs.EnergyPricer;
import io.lastmile.controlplane.jobs.HistoryRecorder;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.jobs.SiteEnergyPricer;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JdbcJobStore;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.LeaderFence;
import io.lastmile.controlplane.store.PricePointStore;
import io.lastmile.controlplane.store.Retention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
        url,
        store.username().orElse(""),
        store.password().orElse(""),
        store.maxConnections(),
        store.acquisitionTimeout());
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
  JobStore jobStore(
      Database db, LeaderFence fence, Clock clock, LastmileConfig config, JobEventChannel events) {
    // Writes are fenced from the start-up sequence (ControlPlaneStartup) or on taking the lead.
    // The outbox outlasts broker outages; an in-process channel has none, so it skips the outbox.
    // (The channel is a proxy: it is first used with the first event, once messaging is up.)
    Retention retention = retention(config);
    return JobEventChannel.inProcess(config.messaging().connector())
        ? JdbcJobStore.publishingDirectly(db, fence, clock, retention, events::publishNow)
        : new JdbcJobStore(db, fence, clock, retention);
  }

  private static Retention retention(LastmileConfig config) {
    return retention(config.retention().finishedJobs(), config.retention().finishedAge());
  }

  /** The retention of finished jobs the settings ask for; a negative value stops start-up. */
  static Retention retention(int finishedJobs, Duration finishedAge) {
    if (finishedJobs < 0) {
      throw new IllegalArgumentException(
          "lastmile.retention.finished-jobs must be at least 0, got " + finishedJobs);
    }
    if (finishedAge.isNegative()) {
      throw new IllegalArgumentException(
          "lastmile.retention.finished-age must not be negative, got " + finishedAge);
    }
    return new Retention(finishedJobs, finishedAge);
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
  MeasuredLatency measuredLatency(Topology topology, LastmileConfig config) {
    return new MeasuredLatency(topology.latency(), config.latency().measurementWeight());
  }

  @Produces
  @Singleton
  GpuPowerModel gpuPowerModel(LastmileConfig config) {
    if (config.energy().gpuPowerW().isEmpty()) {
      return GpuPowerModel.defaults();
    }
    return new GpuPowerModel(config.energy().gpuPowerW(), config.energy().gpuPowerFallbackW());
  }

  @Produces
  @Singleton
  RecordedEnergyHistory energyHistory(LastmileConfig config) {
    LastmileConfig.History h = config.scheduler().history();
    if (h.runsPerJob() < 1 || h.maxJobs() < 1) {
      throw new IllegalArgumentException(
          ("lastmile.scheduler.history.runs-per-job and .max-jobs must be at least 1, got %d and"
                  + " %d")
              .formatted(h.runsPerJob(), h.maxJobs()));
    }
    return new RecordedEnergyHistory(h.runsPerJob(), h.maxJobs());
  }

  @Produces
  @Singleton
  EnergyEstimator energyEstimator(GpuPowerModel power, RecordedEnergyHistory history) {
    return new EnergyEstimator(power, history);
  }

  @Produces
  @Singleton
  PricePointStore pricePointStore(Database db, LastmileConfig config, Clock clock) {
    return new PricePointStore(db, config.store().region(), clock);
  }

  @Produces
  @Singleton
  MarketPrices marketPrices(LastmileConfig config, Clock clock, PricePointStore stored) {
    PriceBook book =
        PriceBook.withRates(config.energy().currency(), config.energy().exchangeRates());
    List<PricePoint> points =
        config
            .dataDir()
            .map(dir -> PriceFiles.load(Path.of(dir), clock.instant()))
            .orElseGet(() -> PriceFiles.sample(clock.instant()));
    // Prices received on the channel before a restart override the files' prices of their hour.
    List<PricePoint> received = stored.load();
    LOG.infof(
        "prices: %d hourly points in %s, %d received earlier",
        points.size(), config.energy().currency(), received.size());
    return new MarketPrices(book.with(points).with(received));
  }

  @Produces
  @Singleton
  PriceIntake priceIntake(LastmileConfig config, MarketPrices prices, Clock clock) {
    return new PriceIntake(prices, config.energy().priceRetention(), clock);
  }

  @Produces
  @Singleton
  EnergyPricer energyPricer(ClusterState cluster, MarketPrices prices) {
    return new SiteEnergyPricer(cluster, prices);
  }

  @Produces
  @Singleton
  JobControl jobControl(
      JobStore store,
      ClusterState cluster,
      SchedulingQueue queue,
      Clock clock,
      EnergyPricer pricer,
      RecordedEnergyHistory history,
      LastmileConfig config) {
    JobControl control = new JobControl(store, cluster, queue, clock, pricer, retention(config));
    // Successful runs refine the energy and run time the scheduler expects of the same job.
    control.onAttemptFinished(new HistoryRecorder(history));
    // Memory is rebuilt by the start-up sequence (ControlPlaneStartup) or on taking the lead.
    return control;
  }

  @Produces
  @Singleton
  SchedulingLoop schedulingLoop(
      JobControl control,
      ClusterState cluster,
      Scheduler scheduler,
      MeasuredLatency latency,
      Clock clock,
      LastmileConfig config,
      LastmileMeters metrics,
      MarketPrices prices,
      DeferralPolicy deferral,
      CheapGpuWait gpuWait,
      PreemptionPlanner preemption) {
    // The loop registers itself with the lifecycle, which wakes it whenever there is work.
    SchedulingLoop loop =
        new SchedulingLoop(
            control,
            cluster,
            scheduler,
            deferral,
            gpuWait,
            preemption,
            latency::current,
            prices::book,
            clock,
            config.node().heartbeatGrace(),
            config.node().lostAfter(),
            metrics);
    prices.onChange(loop::pricesChanged);
    return loop;
  }
}
