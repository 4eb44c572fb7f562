package io.lastmile.controlplane.events;

import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.api.RecordingLink;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.domain.Workload;
import io.lastmile.controlplane.jobs.JobControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Nodes registered with the control plane under test through recording links, and jobs run on them
 * by reporting what an agent would: the whole lifecycle without agent processes.
 */
final class TestFleet {
  /** An environment value that must never leave the control plane. */
  static final String SECRET = "s3cr3t-token-value";

  private final JobControl control;
  private final Map<String, RecordingLink> links = new java.util.concurrent.ConcurrentHashMap<>();

  TestFleet(JobControl control) {
    this.control = control;
  }

  /** Registers a node with one L4 GPU in {@code region}, priced in {@code zone}. */
  String node(String region, String zone) {
    String id = "edge-" + region + "-" + UUID.randomUUID().toString().substring(0, 6);
    NodeInfo info =
        new NodeInfo(
            id,
            region,
            region.substring(0, 2).toUpperCase(java.util.Locale.ROOT),
            zone,
            1.2,
            Map.of(),
            List.of(new GpuDevice(0, "GPU-" + id, "NVIDIA L4", 23_034, 0, 72)),
            8_000,
            32_768,
            true,
            0);
    RecordingLink link = new RecordingLink();
    links.put(id, link);
    control.registered(info, link, List.of());
    return id;
  }

  /**
   * A one-GPU job from de-fra that weighs energy cost over round trip and ignores packing, with a
   * secret in its environment.
   */
  static JobSpec spec(String tenant) {
    return new JobSpec(
        "serve",
        new Workload("python3", List.of("serve.py"), Map.of("API_KEY", SECRET), ""),
        ResourceRequest.gpus(1, 8_192),
        new PlacementConstraints("de-fra", 50, Set.of(), Map.of()),
        JobClass.STANDARD,
        null,
        Duration.ofMinutes(30),
        1,
        0,
        null,
        new JobScoring(Map.of("energy-cost", 1.0, "round-trip", 0.1, "gpu-packing", 0.0), null),
        tenant);
  }

  Job submit(String tenant) {
    return control.submit("req-" + UUID.randomUUID(), spec(tenant)).job();
  }

  /** Waits for the job's attempt to reach a node; returns the node's id and the attempt. */
  Placed placed(Job job) {
    Placed[] found = new Placed[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              links.forEach(
                  (node, link) ->
                      link.assigned.stream()
                          .filter(a -> a.jobId().equals(job.id()))
                          .findFirst()
                          .ifPresent(a -> found[0] = new Placed(node, a)));
              return found[0] != null;
            });
    return found[0];
  }

  /** Submits a job and runs it to success on the node it was placed on, using {@code wh}. */
  Placed run(String tenant, double wh) {
    Placed p = placed(submit(tenant));
    RecordingLink link = links.get(p.nodeId());
    control.attemptStatus(p.nodeId(), report(p.attempt(), AttemptPhase.RUNNING, null, 0));
    control.attemptStatus(p.nodeId(), report(p.attempt(), AttemptPhase.SUCCEEDED, 0, wh));
    return p;
  }

  private static AttemptReport report(Assignment a, AttemptPhase phase, Integer exit, double wh) {
    return new AttemptReport(a.attemptId(), a.jobId(), a.epoch(), phase, exit, "", wh, "");
  }

  record Placed(String nodeId, Assignment attempt) {}
}
