package io.lastmile.controlplane.api;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.AttemptStatus;
import io.lastmile.api.v1.Candidate;
import io.lastmile.api.v1.ExplainJobResponse;
import io.lastmile.api.v1.Gpu;
import io.lastmile.api.v1.Heartbeat;
import io.lastmile.api.v1.InventorySource;
import io.lastmile.api.v1.JobClass;
import io.lastmile.api.v1.NodeState;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Register;
import io.lastmile.api.v1.Rejection;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.ScoreComponent;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.NodeStatus;
import io.lastmile.controlplane.cluster.NodeTelemetry;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.Workload;
import io.lastmile.controlplane.scheduler.CandidateScore;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectionCount;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The one place that translates between proto messages and domain values. */
public final class ProtoMapper {
  private ProtoMapper() {}

  public static io.lastmile.api.v1.Job job(Job job) {
    io.lastmile.api.v1.Job.Builder b =
        io.lastmile.api.v1.Job.newBuilder()
            .setId(job.id())
            .setSpec(spec(job.spec()))
            .setState(state(job.state()))
            .setCreateTime(timestamp(job.createTime()))
            .setUpdateTime(timestamp(job.updateTime()))
            .setNodeId(job.nodeId())
            .setNodeRegion(job.nodeRegion())
            .setAttemptId(job.attemptId())
            .setAttemptCount(job.attemptCount())
            .setMessage(job.message())
            .setEnergyWh(job.energyWh())
            .setCost(job.cost())
            .setCurrency(job.currency())
            .setRequestId(job.requestId())
            .setLogTail(job.logTail());
    if (job.exitCode() != null) {
      b.setExitCode(job.exitCode()).setHasExitCode(true);
    }
    return b.build();
  }

  static io.lastmile.api.v1.JobSpec spec(JobSpec spec) {
    io.lastmile.api.v1.JobSpec.Builder b =
        io.lastmile.api.v1.JobSpec.newBuilder()
            .setName(spec.name())
            .setWorkload(workload(spec.workload()))
            .setResources(
                Resources.newBuilder()
                    .setGpuCount(spec.resources().gpuCount())
                    .setGpuMemoryMib(spec.resources().gpuMemoryMiB())
                    .setGpuModel(spec.resources().gpuModel())
                    .setCpuMillis(spec.resources().cpuMillis())
                    .setMemoryMib(spec.resources().memoryMiB()))
            .setPlacement(
                Placement.newBuilder()
                    .setOriginRegion(spec.placement().originRegion())
                    .setMaxRtt(durationOfMs(spec.placement().maxRttMs()))
                    .addAllAllowedJurisdictions(spec.placement().allowedJurisdictions())
                    .putAllLabelSelector(spec.placement().labelSelector()))
            .setJobClass(JobClass.valueOf("JOB_CLASS_" + spec.jobClass().name()))
            .setExpectedDuration(duration(spec.expectedDuration()))
            .setMaxAttempts(spec.maxAttempts())
            .setPriority(spec.priority());
    if (spec.deadline() != null) {
      b.setDeadline(timestamp(spec.deadline()));
    }
    if (spec.timeout() != null) {
      b.setTimeout(duration(spec.timeout()));
    }
    if (!spec.scoring().isDefault()) {
      b.setScoring(scoring(spec.scoring()));
    }
    if (spec.keepOnDisconnect()) {
      b.setOnDisconnect(io.lastmile.api.v1.OnDisconnect.ON_DISCONNECT_KEEP);
    }
    return b.build();
  }

  static io.lastmile.api.v1.Scoring scoring(JobScoring s) {
    io.lastmile.api.v1.Scoring.Builder b =
        io.lastmile.api.v1.Scoring.newBuilder().putAllWeights(s.weights());
    if (s.packing() != null) {
      b.setPacking(io.lastmile.api.v1.Packing.valueOf("PACKING_" + s.packing().name()));
    }
    return b.build();
  }

  public static io.lastmile.api.v1.Workload workload(Workload w) {
    return io.lastmile.api.v1.Workload.newBuilder()
        .setCommand(w.command())
        .addAllArgs(w.args())
        .putAllEnv(w.env())
        .setImage(w.image())
        .build();
  }

  public static io.lastmile.api.v1.JobState state(JobState state) {
    return io.lastmile.api.v1.JobState.valueOf("JOB_STATE_" + state.name());
  }

  /** A filter state from the API; UNSPECIFIED and unknown values match nothing. */
  public static JobState state(io.lastmile.api.v1.JobState state) {
    return switch (state) {
      case JOB_STATE_PENDING -> JobState.PENDING;
      case JOB_STATE_SCHEDULED -> JobState.SCHEDULED;
      case JOB_STATE_RUNNING -> JobState.RUNNING;
      case JOB_STATE_SUCCEEDED -> JobState.SUCCEEDED;
      case JOB_STATE_FAILED -> JobState.FAILED;
      case JOB_STATE_CANCELLED -> JobState.CANCELLED;
      default -> null;
    };
  }

  public static ExplainJobResponse explanation(Job job, Decision decision) {
    ExplainJobResponse.Builder b =
        ExplainJobResponse.newBuilder().setJobId(job.id()).setState(state(job.state()));
    if (decision == null && job.state().isTerminal()) {
      return b.setSummary("finished; no scheduling decision is kept for it").build();
    }
    if (decision == null) {
      return b.setSummary("not yet considered by the scheduler; it runs at least once a second")
          .build();
    }
    b.setSummary(decision.summary()).setNodesConsidered(decision.nodesConsidered());
    if (decision instanceof Decision.Unschedulable u) {
      for (RejectionCount r : u.rejections()) {
        b.addRejections(
            Rejection.newBuilder()
                .setReason(r.reason().name())
                .setNodeCount(r.nodes())
                .setDetail(r.closest().describe()));
      }
    } else if (decision instanceof Decision.Placed p) {
      for (CandidateScore c : p.top()) {
        Candidate.Builder cb =
            Candidate.newBuilder()
                .setNodeId(c.nodeId())
                .setRegion(c.region())
                .setTotalScore(c.total());
        c.parts()
            .forEach(
                part ->
                    cb.addComponents(
                        ScoreComponent.newBuilder()
                            .setScorer(part.scorer())
                            .setRaw(part.raw())
                            .setUnit(part.unit())
                            .setNormalized(part.normalized())
                            .setWeight(part.weight())));
        b.addCandidates(cb);
      }
    }
    return b.build();
  }

  static NodeInfo node(Register r) {
    return new NodeInfo(
        r.getNodeId(),
        r.getRegion(),
        r.getJurisdiction(),
        r.getMarketZone(),
        r.getPue() == 0 ? 1.0 : r.getPue(),
        r.getLabelsMap(),
        r.getGpusList().stream().filter(g -> !g.getMigEnabled()).map(ProtoMapper::gpu).toList(),
        r.getCpuMillis(),
        r.getMemoryMib(),
        r.getInventorySource() == InventorySource.INVENTORY_SOURCE_SIMULATED,
        r.getSitePowerCapKw());
  }

  /** What a heartbeat says of its node. */
  static NodeTelemetry telemetry(Heartbeat h) {
    double watts = 0;
    Map<Integer, Long> memory = new HashMap<>();
    for (Gpu g : h.getGpusList()) {
      watts += g.getPowerDrawW();
      memory.put(g.getIndex(), g.getMemoryUsedMib());
    }
    return new NodeTelemetry(h.getSequence(), watts, memory, h.getAttemptEnergyWhMap());
  }

  static GpuDevice gpu(Gpu g) {
    return new GpuDevice(
        g.getIndex(),
        g.getUuid(),
        g.getModel(),
        g.getMemoryTotalMib(),
        g.getMemoryUsedMib(),
        g.getPowerLimitW());
  }

  static AttemptReport report(AttemptStatus s) {
    return new AttemptReport(
        s.getAttemptId(),
        s.getJobId(),
        s.getEpoch(),
        phase(s.getState()),
        s.getHasExitCode() ? s.getExitCode() : null,
        s.getMessage(),
        s.getEnergyWh(),
        logTail(s.getLogTail()));
  }

  /** The most of a log tail that is kept: the contract's 4 KiB, in characters. */
  static final int LOG_TAIL_MAX = 4096;

  /**
   * A log tail as it is kept: its last {@link #LOG_TAIL_MAX} characters, without NUL characters.
   */
  static String logTail(String tail) {
    String clean = tail.indexOf('\0') < 0 ? tail : tail.replace("\0", "");
    return clean.length() <= LOG_TAIL_MAX ? clean : clean.substring(clean.length() - LOG_TAIL_MAX);
  }

  private static AttemptPhase phase(AttemptState state) {
    return switch (state) {
      case ATTEMPT_STATE_RUNNING -> AttemptPhase.RUNNING;
      case ATTEMPT_STATE_SUCCEEDED -> AttemptPhase.SUCCEEDED;
      case ATTEMPT_STATE_FAILED -> AttemptPhase.FAILED;
      case ATTEMPT_STATE_CANCELLED -> AttemptPhase.CANCELLED;
      default -> AttemptPhase.STARTING;
    };
  }

  public static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  public static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  private static Duration durationOfMs(double ms) {
    return duration(java.time.Duration.ofNanos(Math.round(ms * 1e6)));
  }

  /** A node as the operator API shows it. */
  public static io.lastmile.api.v1.Node node(NodeStatus status) {
    NodeSnapshot n = status.snapshot();
    NodeInfo info = n.info();
    return io.lastmile.api.v1.Node.newBuilder()
        .setId(info.id())
        .setRegion(info.region())
        .setJurisdiction(info.jurisdiction())
        .setMarketZone(info.marketZone())
        .setState(
            switch (n.condition()) {
              case READY -> NodeState.NODE_STATE_READY;
              case CORDONED -> NodeState.NODE_STATE_CORDONED;
              case NOT_READY -> NodeState.NODE_STATE_NOT_READY;
            })
        .setConnected(status.connected())
        .setGpuTotal(n.gpuCount())
        .setGpuFree(n.freeGpuCount())
        .addAllGpuModels(info.gpus().stream().map(GpuDevice::model).toList())
        .setPowerDrawW(n.powerDrawW())
        .setPue(info.pue())
        .setSitePowerCapKw(info.sitePowerCapKw())
        .setAttemptCount(status.attemptCount())
        .setSimulated(info.simulated())
        .putAllLabels(info.labels())
        .setAgentVersion(status.agentVersion())
        .build();
  }
}
