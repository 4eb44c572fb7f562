package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The node as its agent reports it and the scheduler sees it now. Each field's description is its
 * documentation ({@code kubectl explain edgenode.status}).
 */
public class EdgeNodeStatus {
  @JsonPropertyDescription(
      "READY, CORDONED (takes no new work) or NOT_READY (the agent is silent).")
  public String state;

  @JsonPropertyDescription("Whether the node's agent has an open session with the control plane.")
  public boolean connected;

  @JsonPropertyDescription("Version of the connected agent; empty when none is connected.")
  public String agentVersion;

  @JsonPropertyDescription("Models of the node's GPUs, one entry per GPU, as the agent reported.")
  public List<String> gpuModels;

  @JsonPropertyDescription("Whether the GPU inventory is a declared simulation, not discovered.")
  public boolean simulated;

  @JsonPropertyDescription("CPU the node offers, in millicores (1000 = one core).")
  public int cpuMillis;

  @JsonPropertyDescription("Host memory the node offers, in MiB.")
  public long memoryMib;

  @JsonPropertyDescription("GPUs not held by any attempt.")
  public int gpusFree;

  @JsonPropertyDescription("GPUs the node has.")
  public int gpusTotal;

  @JsonPropertyDescription("GPU power draw at the last heartbeat, in watts.")
  public double powerDrawW;

  @JsonPropertyDescription(
      "Electricity price of the current hour in the node's market zone, per MWh; absent when"
          + " unknown.")
  public Double priceNowPerMwh;

  @JsonPropertyDescription("ISO 4217 currency of priceNowPerMwh, for example EUR.")
  public String currency;

  @JsonPropertyDescription("Attempts bound to the node.")
  public int attempts;

  @JsonPropertyDescription(
      "Ready: True while the agent is live (reason Ready, or Cordoned when it takes no new work),"
          + " False with reason NotReady when it is silent.")
  public List<KubeCondition> conditions;
}
