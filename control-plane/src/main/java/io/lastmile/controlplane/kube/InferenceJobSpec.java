package io.lastmile.controlplane.kube;

import java.util.List;
import java.util.Map;

/**
 * The gRPC API's {@code JobSpec} in Kubernetes' field style (lowerCamelCase); the same rules and
 * defaults apply (see {@code job_service.proto}). Durations are written as {@code 250ms}, {@code
 * 30s}, {@code 5m}, {@code 2h} or {@code 1d}; the deadline in RFC 3339.
 */
public class InferenceJobSpec {
  /** Job name; the object's name when empty. */
  public String name;

  public Workload workload;
  public Resources resources;
  public Placement placement;

  /**
   * {@code LATENCY_CRITICAL}, {@code STANDARD} (default), {@code DEFERRABLE} or {@code
   * INTERRUPTIBLE}.
   */
  public String jobClass;

  /** Latest start, RFC 3339; {@code DEFERRABLE} jobs only. */
  public String deadline;

  /** Expected run time for cost estimates; default 5m. */
  public String expectedDuration;

  /** Attempts before the job fails, 1 to 10; default 1. */
  public Integer maxAttempts;

  /** -1000 to 1000 within the class; default 0. */
  public Integer priority;

  /** Longest run of one attempt; none when empty. */
  public String timeout;

  public Scoring scoring;

  /** What to run. */
  public static class Workload {
    public String command;
    public List<String> args;
    public Map<String, String> env;
    public String image;
  }

  /** What the job needs of a node. */
  public static class Resources {
    public Integer gpuCount;
    public Long gpuMemoryMib;
    public String gpuModel;
    public Integer cpuMillis;
    public Long memoryMib;
  }

  /** Where the job may run. */
  public static class Placement {
    /** Region the job's users or data are in. */
    public String originRegion;

    /** Round-trip bound from {@link #originRegion}, for example {@code 30ms}. */
    public String maxRtt;

    public List<String> allowedJurisdictions;
    public Map<String, String> labelSelector;
  }

  /** The job's own ranking of nodes. */
  public static class Scoring {
    /** Weight per scorer: {@code round-trip}, {@code energy-cost}, {@code gpu-packing}. */
    public Map<String, Double> weights;

    /** {@code BIN_PACK} or {@code SPREAD}. */
    public String packing;
  }
}
