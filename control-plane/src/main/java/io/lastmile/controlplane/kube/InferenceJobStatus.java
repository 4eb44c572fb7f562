package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What has become of an {@link InferenceJob}, as the control plane reports it. Each field's
 * description is its documentation ({@code kubectl explain inferencejob.status}).
 */
public class InferenceJobStatus {
  @JsonPropertyDescription("Id of the Lastmile job, for example job-7f3a2c; empty until submitted.")
  public String jobId;

  @JsonPropertyDescription(
      "PENDING, SCHEDULED, RUNNING, SUCCEEDED, FAILED, CANCELLED, or INVALID when the spec was"
          + " rejected (see message and invalidField).")
  public String state;

  @JsonPropertyDescription("Node of the current or last attempt.")
  public String node;

  @JsonPropertyDescription("Region of the node.")
  public String region;

  @JsonPropertyDescription("Attempts started so far.")
  public int attempts;

  @JsonPropertyDescription("Exit code of the last finished attempt.")
  public Integer exitCode;

  @JsonPropertyDescription("Energy of the attempts on the node's GPUs, in watt-hours, before PUE.")
  public double energyWh;

  @JsonPropertyDescription("Electricity cost of that energy including the site's PUE, in currency.")
  public double cost;

  @JsonPropertyDescription("ISO 4217 currency of cost, for example EUR.")
  public String currency;

  @JsonPropertyDescription(
      "Why the job is where it is: the last transition, or what is wrong with the spec.")
  public String message;

  @JsonPropertyDescription(
      "For INVALID: the spec field that was rejected, for example spec.resources.gpuCount.")
  public String invalidField;

  @JsonPropertyDescription("The metadata.generation this status was written for.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "The explanation of the last scheduling decision: why pending, or why on this node.")
  public String explanation;

  @JsonPropertyDescription(
      "For PENDING: why no node takes the job, as a code: the most frequent rejection (for example"
          + " INSUFFICIENT_GPUS), WAITING (a node fits but the job waits for a cheaper hour or its"
          + " node), NO_NODES or NOT_CONSIDERED.")
  public String pendingReason;

  @JsonPropertyDescription(
      "Accepted (False with reason Invalid names the rejected field), Scheduled (False with the"
          + " pending reason in CamelCase), Running, Succeeded and Failed (Unknown until the job"
          + " ends), so that kubectl wait --for=condition=Succeeded waits for the job.")
  public List<KubeCondition> conditions;
}
