package io.lastmile.agent.session;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.lastmile.agent.gpu.GpuInventory;
import io.lastmile.agent.gpu.GpuReading;
import io.lastmile.agent.probe.RoundTripProbe;
import io.lastmile.agent.runtime.AttemptStatus;
import io.lastmile.agent.runtime.NodeAttempts;
import io.lastmile.agent.runtime.WorkloadLimits;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Heartbeat;
import io.lastmile.api.v1.InventorySource;
import io.lastmile.api.v1.Register;
import io.lastmile.api.v1.Registered;
import io.lastmile.api.v1.RoundTrip;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The agent's side of its one stream to the control plane: registers with its inventory and the
 * attempts it remembers, heartbeats, runs what it is assigned, and dials again with jittered
 * exponential back-off whenever the stream breaks. All session state is touched by one task of
 * {@code executor} at a time (a single thread in the agent, a {@link
 * io.lastmile.agent.SerialScheduler} over a shared pool where one process holds many sessions);
 * what is asked of attempts is done on {@code attemptThread}, so the heartbeats and the lease never
 * wait behind it.
 */
public final class ControlPlaneSession {
  private static final Logger LOG = Logger.getLogger(ControlPlaneSession.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final ScheduledExecutorService executor;
  private final Supplier<Register> registration;
  private final Supplier<List<GpuReading>> readings;
  private final NodeAttempts runner;
  private final Clock clock;
  private final Backoff backoff;
  private final ControlDispatcher dispatcher;
  private final AgentCredential credential;
  private final Consumer<String> refused;

  /**
   * A final status the control plane has not acknowledged this long after it was sent goes up again
   * with the next heartbeat: the control plane may have been unable to record it (its database
   * away) while keeping the stream.
   */
  static final Duration RESEND_AFTER = Duration.ofSeconds(5);

  /** When each final status was last sent, by attempt id. */
  private final Map<String, Instant> reportedAt = new HashMap<>();

  /** How often the lease is checked. */
  static final Duration LEASE_CHECK = Duration.ofMillis(250);

  /** Monotonic send time of each heartbeat not yet answered, by sequence. */
  private final Map<Long, Long> heartbeatSentNanos = new HashMap<>();

  private final java.util.function.LongSupplier nanos;
  private Duration lease = Duration.ZERO; // none until a control plane grants one
  private long leaseFromNanos;
  private long registerSentNanos;
  private boolean leaseLost;
  private LeaseFile leaseFile;

  /**
   * Held while the stream is switched and while an attempt request runs: see {@link AttemptWork}.
   */
  private final Object switching = new Object();

  private volatile StreamObserver<AgentMessage> up;
  private ScheduledFuture<?> heartbeats;
  private long sequence;
  private volatile boolean registered;
  private volatile boolean stopped;
  private volatile RoundTripProbe probe;
  private volatile SessionObserver observer = SessionObserver.NONE;

  public ControlPlaneSession(
      ManagedChannel channel,
      ScheduledExecutorService executor,
      Executor attemptThread,
      Supplier<Register> registration,
      Supplier<List<GpuReading>> readings,
      NodeAttempts runner,
      Clock clock,
      Backoff backoff,
      WorkloadLimits limits,
      AgentCredential credential,
      Consumer<String> refused) {
    this(
        channel,
        executor,
        attemptThread,
        registration,
        readings,
        runner,
        clock,
        backoff,
        limits,
        credential,
        refused,
        System::nanoTime);
  }

  /**
   * @param attemptThread where starts, cancels and acknowledgements of attempts are done, one at a
   *     time in the order asked
   * @param nanos the monotonic clock the lease is measured on
   */
  ControlPlaneSession(
      ManagedChannel channel,
      ScheduledExecutorService executor,
      Executor attemptThread,
      Supplier<Register> registration,
      Supplier<List<GpuReading>> readings,
      NodeAttempts runner,
      Clock clock,
      Backoff backoff,
      WorkloadLimits limits,
      AgentCredential credential,
      Consumer<String> refused,
      java.util.function.LongSupplier nanos) {
    this.nanos = nanos;
    this.channel = channel;
    this.refused = refused;
    this.credential = credential;
    this.executor = executor;
    this.registration = registration;
    this.readings = readings;
    this.runner = runner;
    this.clock = clock;
    this.backoff = backoff;
    this.dispatcher =
        new ControlDispatcher(
            new AttemptWork(runner, attemptThread, () -> up, switching),
            limits,
            this::onRegistered,
            status -> send(AgentMessage.newBuilder().setAttemptStatus(status).build()),
            this::onHeartbeatAcked);
  }

  public void start() {
    executor.execute(this::dial);
    // A periodic task that throws is never run again: the lease check must not end that way.
    executor.scheduleAtFixedRate(
        () -> guarded("lease check", this::checkLease),
        LEASE_CHECK.toMillis(),
        LEASE_CHECK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Keeps the lease in {@code file} and, before {@link #start()}, takes up the one recorded there:
   * the attempts re-adopted after a restart stop when it runs out, as they would have had the agent
   * run on, unless a control plane answers first.
   */
  public void keepLeaseIn(Path file) {
    leaseFile = new LeaseFile(file);
    leaseFile
        .read()
        .ifPresent(
            recorded -> {
              Duration since = Duration.between(recorded.renewedAt(), clock.instant());
              lease = recorded.length();
              leaseFromNanos = nanos.getAsLong() - (since.isNegative() ? 0 : since.toNanos());
              LOG.infof(
                  "the lease of %d s was last renewed %d s ago: re-adopted attempts stop when it"
                      + " runs out unless the control plane answers",
                  lease.toSeconds(), since.toSeconds());
            });
  }

  /** Sends the round trips {@code probe} measures with the heartbeats, each once. */
  public void reportRoundTrips(RoundTripProbe probe) {
    this.probe = probe;
  }

  /** Tells {@code observer} of registrations and heartbeat round trips. */
  public void observe(SessionObserver observer) {
    this.observer = observer;
  }

  public void stop() {
    stopped = true;
    executor.execute(
        () -> {
          if (up != null) {
            up.onCompleted();
          }
        });
  }

  /** Whether the control plane has accepted this agent on the current stream. */
  public boolean connected() {
    return registered;
  }

  /**
   * Reports an attempt's change now when connected; otherwise it goes up with the next Register.
   */
  public void report(AttemptStatus status) {
    executor.execute(
        () -> {
          if (registered) {
            sendStatus(status);
          }
        });
  }

  private void dial() {
    if (stopped) {
      return;
    }
    AgentServiceGrpc.AgentServiceStub stub = AgentServiceGrpc.newStub(channel);
    try {
      Optional<String> bearer = credential.current();
      if (bearer.isPresent()) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + bearer.get());
        stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      }
    } catch (RuntimeException e) {
      if (permanent(Status.fromThrowable(e).getCode(), false)) {
        stopped = true;
        refused.accept("enrolment refused: " + e.getMessage());
        return;
      }
      Duration wait = backoff.next();
      LOG.errorf(
          "cannot enrol with the control plane: %s; trying again in %d ms",
          e.getMessage(), wait.toMillis());
      executor.schedule(this::dial, wait.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    Stream stream = new Stream();
    List<AttemptStatus> remembered;
    synchronized (switching) {
      up = stub.connect(stream);
      stream.upstream = up;
      remembered = runner.statuses();
    }
    Instant now = clock.instant();
    remembered.stream()
        .filter(st -> st.phase().isTerminal())
        .forEach(st -> reportedAt.put(st.spec().attemptId(), now));
    Register register =
        registration.get().toBuilder()
            .clearAttempts()
            .addAllAttempts(remembered.stream().map(AgentProtos::status).toList())
            .build();
    LOG.infof("dialling the control plane as %s", register.getNodeId());
    registerSentNanos = nanos.getAsLong();
    send(AgentMessage.newBuilder().setRegister(register).build());
  }

  private void sendStatus(AttemptStatus status) {
    if (status.phase().isTerminal()) {
      reportedAt.put(status.spec().attemptId(), clock.instant());
    }
    send(AgentMessage.newBuilder().setAttemptStatus(AgentProtos.status(status)).build());
  }

  /** Sends again the final statuses that were not acknowledged in time. */
  private void resendUnacknowledged() {
    Instant now = clock.instant();
    Set<String> remembered = new HashSet<>();
    for (AttemptStatus status : runner.statuses()) {
      String id = status.spec().attemptId();
      remembered.add(id);
      Instant sent = reportedAt.get(id);
      boolean due = sent == null || !sent.plus(RESEND_AFTER).isAfter(now);
      if (status.phase().isTerminal() && due && !runner.orphan(id)) {
        LOG.debugf("attempt %s: final status not acknowledged yet; sending it again", id);
        sendStatus(status);
      }
    }
    reportedAt.keySet().retainAll(remembered);
  }

  private void send(AgentMessage message) {
    try {
      up.onNext(message);
    } catch (RuntimeException e) {
      LOG.debugf("send failed: %s", e.getMessage());
    }
  }

  private void onRegistered(Registered r) {
    registered = true;
    backoff.reset();
    LOG.infof("registered with the control plane (session %s)", r.getSessionId());
    lease =
        r.hasLease()
            ? Duration.ofSeconds(r.getLease().getSeconds(), r.getLease().getNanos())
            : Duration.ZERO;
    renewLease(registerSentNanos);
    observer.registered(nanos.getAsLong() - registerSentNanos);
    heartbeatSentNanos.clear();
    for (String fenced : r.getFencedAttemptIdsList()) {
      runner.cancel(fenced, "fenced by the control plane: the job has moved on");
    }
    long everyMs =
        Math.max(
            200,
            r.getHeartbeatInterval().getSeconds() * 1000
                + r.getHeartbeatInterval().getNanos() / 1_000_000);
    heartbeats =
        executor.scheduleAtFixedRate(
            () -> guarded("heartbeat", this::heartbeat), everyMs, everyMs, TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    if (!registered) {
      return;
    }
    Heartbeat.Builder h = Heartbeat.newBuilder().setSequence(++sequence).setTime(now());
    heartbeatSentNanos.put(sequence, nanos.getAsLong());
    // Heartbeats the control plane never answers (a stalled link) are forgotten after a while.
    heartbeatSentNanos.keySet().removeIf(s -> s < sequence - 256);
    for (GpuReading g : readings.get()) {
      h.addGpus(AgentProtos.gpu(g));
    }
    h.putAllAttemptEnergyWh(runner.runningEnergyWh());
    RoundTripProbe rtt = probe;
    if (rtt != null) {
      for (RoundTripProbe.Sample s : rtt.drain()) {
        h.addRoundTrips(
            RoundTrip.newBuilder()
                .setToRegion(s.region())
                .setRttMs(s.rttMs())
                .setMeasuredAt(
                    Timestamp.newBuilder()
                        .setSeconds(s.at().getEpochSecond())
                        .setNanos(s.at().getNano())));
      }
    }
    send(AgentMessage.newBuilder().setHeartbeat(h).build());
    observer.heartbeatSent(sequence);
    resendUnacknowledged();
  }

  /** The control plane accepted heartbeat {@code acked}: the lease runs from when it was sent. */
  private void onHeartbeatAcked(long acked) {
    Long sent = heartbeatSentNanos.get(acked);
    heartbeatSentNanos.keySet().removeIf(s -> s <= acked);
    if (sent != null) {
      observer.heartbeatAcked(acked, nanos.getAsLong() - sent);
      renewLease(sent);
    }
  }

  private void renewLease(long fromNanos) {
    if (fromNanos - leaseFromNanos > 0 || leaseFromNanos == 0) {
      leaseFromNanos = fromNanos;
      if (leaseFile != null && !lease.isZero()) {
        leaseFile.write(
            new LeaseFile.Lease(
                lease, clock.instant().minusNanos(nanos.getAsLong() - leaseFromNanos)));
      }
    }
    if (leaseLost) {
      leaseLost = false;
      LOG.info("the control plane answers again; the lease on attempts is renewed");
    }
  }

  /**
   * Stops the attempts the control plane may re-queue once the lease runs out: SIGTERM a grace
   * period before its end (a quarter of the lease at most), SIGKILL at its end, so none runs on
   * when the control plane starts another copy.
   */
  private void checkLease() {
    if (lease.isZero() || leaseLost) {
      return;
    }
    Duration grace = runner.stopGrace();
    if (grace.compareTo(lease.dividedBy(4)) > 0) {
      grace = lease.dividedBy(4);
    }
    Duration silent = Duration.ofNanos(nanos.getAsLong() - leaseFromNanos);
    if (silent.compareTo(lease.minus(grace)) < 0) {
      return;
    }
    leaseLost = true;
    int stopping =
        runner.stopForLostLease(
            "no answer from the control plane for %d s: stopped before the lease of %d s ran out, as the control plane re-queues it then"
                .formatted(silent.toSeconds(), lease.toSeconds()),
            grace);
    if (stopping == 0) {
      return;
    }
    LOG.warnf(
        "no answer from the control plane for %d ms (lease %d s): stopping %d attempts whose jobs"
            + " do not keep running on disconnect; they run elsewhere once the control plane"
            + " re-queues them",
        silent.toMillis(), lease.toSeconds(), stopping);
  }

  private Duration redialWait() {
    return Backoff.withinLease(backoff.next(), lease, !runner.runningEnergyWh().isEmpty());
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s failed; it runs again at its next turn", what);
    }
  }

  private void onBroken(Throwable error) {
    if (heartbeats != null) {
      heartbeats.cancel(false);
    }
    boolean wasRegistered = registered;
    registered = false;
    if (stopped) {
      return;
    }
    Status.Code code = error == null ? Status.Code.OK : Status.fromThrowable(error).getCode();
    if (permanent(code, wasRegistered)) {
      stopped = true;
      refused.accept(error.getMessage());
      return;
    }
    Duration wait = redialWait();
    LOG.logf(
        code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED
            ? Logger.Level.ERROR
            : Logger.Level.WARN,
        "lost the control plane (%s); running attempts continue; dialling again in %d ms",
        error == null ? "stream closed" : error.getMessage(),
        wait.toMillis());
    executor.schedule(this::dial, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Whether a refusal with {@code code} cannot be cured by dialling again: an unknown, revoked or
   * foreign credential, or (before the control plane accepted the registration) a registration it
   * refuses, such as a bad node id or an unknown region. Anything else (the control plane away,
   * restarting or not the leader) is retried with back-off.
   */
  static boolean permanent(Status.Code code, boolean wasRegistered) {
    return switch (code) {
      case UNAUTHENTICATED, PERMISSION_DENIED -> true;
      case INVALID_ARGUMENT, FAILED_PRECONDITION -> !wasRegistered;
      default -> false;
    };
  }

  private Timestamp now() {
    Instant t = clock.instant();
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** Callbacks of one stream, moved onto the session thread; a replaced stream is ignored. */
  private final class Stream implements StreamObserver<ControlMessage> {
    StreamObserver<AgentMessage> upstream;

    @Override
    public void onNext(ControlMessage message) {
      executor.execute(
          () -> {
            if (up == upstream) {
              dispatcher.dispatch(message);
            }
          });
    }

    @Override
    public void onError(Throwable t) {
      executor.execute(
          () -> {
            if (up == upstream) {
              onBroken(t);
            }
          });
    }

    @Override
    public void onCompleted() {
      executor.execute(
          () -> {
            if (up == upstream) {
              onBroken(null);
            }
          });
    }
  }

  /** Registration fields that do not change during the agent's life. */
  public static Register.Builder registration(
      String nodeId, String region, GpuInventory inventory, List<GpuReading> gpus) {
    Register.Builder b =
        Register.newBuilder()
            .setNodeId(nodeId)
            .setRegion(region)
            .setInventorySource(
                inventory.simulated()
                    ? InventorySource.INVENTORY_SOURCE_SIMULATED
                    : InventorySource.INVENTORY_SOURCE_DISCOVERED);
    gpus.forEach(g -> b.addGpus(AgentProtos.gpu(g)));
    return b;
  }
}
