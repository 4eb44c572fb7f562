package io.lastmile.controlplane.kube;

import io.fabric8.crd.generator.annotation.PrinterColumn;

/** The node as the scheduler sees it now. */
public class EdgeNodeStatus {
  /** {@code READY}, {@code CORDONED} or {@code NOT_READY}. */
  @PrinterColumn(name = "State", priority = 0)
  public String state;

  /** Whether the node's agent has an open session with the control plane. */
  public boolean connected;

  /** GPUs not held by any attempt. */
  @PrinterColumn(name = "GPUs Free", priority = 0)
  public int gpusFree;

  /** GPUs the node has. */
  @PrinterColumn(name = "GPUs", priority = 0)
  public int gpusTotal;

  /** GPU power draw at the last heartbeat, in watts. */
  @PrinterColumn(name = "Power W", priority = 0)
  public double powerDrawW;

  /** Electricity price of the current hour in the node's market zone; absent when unknown. */
  @PrinterColumn(name = "Price/MWh", priority = 0)
  public Double priceNowPerMwh;

  /** Currency of {@link #priceNowPerMwh}. */
  public String currency;

  /** Attempts bound to the node. */
  public int attempts;
}
