package io.lastmile.controlplane.kube;

/** What has become of an {@link InferenceJob}, as the control plane reports it. */
public class InferenceJobStatus {
  /** Id of the Lastmile job; empty until submitted. */
  public String jobId;

  /**
   * {@code PENDING}, {@code SCHEDULED}, {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code
   * CANCELLED}, or {@code INVALID} when the spec was rejected (see {@link #message}).
   */
  public String state;

  /** Node of the current or last attempt. */
  public String node;

  /** Region of {@link #node}. */
  public String region;

  /** Attempts started so far. */
  public int attempts;

  /** Exit code of the last finished attempt. */
  public Integer exitCode;

  /** Energy of finished attempts, in watt-hours. */
  public double energyWh;

  /** Electricity cost of finished attempts, in {@link #currency}. */
  public double cost;

  public String currency;

  /** Why the job is where it is: the last transition, or what is wrong with the spec. */
  public String message;

  /**
   * For {@code INVALID}: the spec field that was rejected, for example {@code
   * spec.resources.gpuCount}.
   */
  public String invalidField;

  /** The spec generation this status was written for. */
  public Long observedGeneration;

  /** The explanation of the last scheduling decision: why pending or why on this node. */
  public String explanation;
}
