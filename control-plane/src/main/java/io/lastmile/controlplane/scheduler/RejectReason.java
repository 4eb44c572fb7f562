package io.lastmile.controlplane.scheduler;

/**
 * Why a node cannot host a job. Each reason renders a readable phrase from a {@link Rejection}'s
 * numbers: {@code observed} is what the node offers, {@code limit} what the job asks for.
 */
public enum RejectReason {
  NODE_NOT_READY("not ready", Stage.READINESS),
  NODE_CORDONED("cordoned", Stage.READINESS),
  INSUFFICIENT_GPUS("%s free GPUs, %s requested", Stage.CAPACITY),
  GPU_MEMORY_TOO_SMALL("free GPUs have at most %s MiB, %s MiB requested", Stage.CAPACITY),
  GPU_MODEL_MISMATCH("no free GPU of model %s", Stage.CAPACITY),
  INSUFFICIENT_CPU("%s free CPU millicores, %s requested", Stage.CAPACITY),
  INSUFFICIENT_MEMORY("%s MiB free memory, %s MiB requested", Stage.CAPACITY),
  JURISDICTION_NOT_ALLOWED("jurisdiction %s not allowed", Stage.LOCALITY),
  ROUND_TRIP_UNKNOWN("round trip from %s unknown", Stage.LOCALITY),
  ROUND_TRIP_OVER_BOUND("round trip from %s %s ms over bound %s ms", Stage.LOCALITY),
  LABEL_MISMATCH("label %s does not match", Stage.LABELS),
  SITE_POWER_CAP("site power %s kW would exceed cap %s kW", Stage.SITE_POWER);

  /**
   * Where in the filter chain a reason rejects, in the order the {@link Scheduler} checks (its
   * locality filters first, then {@link StandardChain}'s node filters). A node rejected at a later
   * stage passed every earlier one, so its reason is what actually keeps the job off it: a cordoned
   * node within the latency bound says more than ten nodes beyond it.
   */
  public enum Stage {
    LOCALITY,
    READINESS,
    LABELS,
    CAPACITY,
    SITE_POWER
  }

  private final String template;
  private final Stage stage;

  RejectReason(String template, Stage stage) {
    this.template = template;
    this.stage = stage;
  }

  String template() {
    return template;
  }

  public Stage stage() {
    return stage;
  }
}
