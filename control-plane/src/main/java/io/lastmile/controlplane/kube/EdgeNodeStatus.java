package io.lastmile.controlplane.kube;

/** The node as the scheduler sees it now. */
public class EdgeNodeStatus {
  /** {@code READY}, {@code CORDONED} or {@code NOT_READY}. */
  public String state;

  /** Whether the node's agent has an open session with the control plane. */
  public boolean connected;

  /** GPUs not held by any attempt. */
  public int gpusFree;

  /** GPUs the node has. */
  public int gpusTotal;

  /** GPU power draw at the last heartbeat, in watts. */
  public double powerDrawW;

  /** Electricity price of the current hour in the node's market zone; absent when unknown. */
  public Double priceNowPerMwh;

  /** Currency of {@link #priceNowPerMwh}. */
  public String currency;

  /** Attempts bound to the node. */
  public int attempts;
}
