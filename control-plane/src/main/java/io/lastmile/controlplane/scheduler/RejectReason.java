package io.lastmile.controlplane.scheduler;

/**
 * Why a node cannot host a job. Each reason renders a readable phrase from a {@link Rejection}'s
 * numbers: {@code observed} is what the node offers, {@code limit} what the job asks for.
 */
public enum RejectReason {
  NODE_NOT_READY("not ready"),
  NODE_CORDONED("cordoned"),
  INSUFFICIENT_GPUS("%s free GPUs, %s requested"),
  GPU_MEMORY_TOO_SMALL("free GPUs have at most %s MiB, %s MiB requested"),
  GPU_MODEL_MISMATCH("no free GPU of model %s"),
  INSUFFICIENT_CPU("%s free CPU millicores, %s requested"),
  INSUFFICIENT_MEMORY("%s MiB free memory, %s MiB requested"),
  JURISDICTION_NOT_ALLOWED("jurisdiction %s not allowed"),
  ROUND_TRIP_UNKNOWN("round trip from %s unknown"),
  ROUND_TRIP_OVER_BOUND("round trip from %s %s ms over bound %s ms"),
  LABEL_MISMATCH("label %s does not match"),
  SITE_POWER_CAP("site power %s kW would exceed cap %s kW");

  private final String template;

  RejectReason(String template) {
    this.template = template;
  }

  String template() {
    return template;
  }
}
