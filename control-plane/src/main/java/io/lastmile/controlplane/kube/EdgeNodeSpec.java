package io.lastmile.controlplane.kube;

import java.util.List;
import java.util.Map;

/** What a node's agent declared when it registered. Written by the control plane only. */
public class EdgeNodeSpec {
  /** The node id the agent registered with; also the object's name. */
  public String nodeId;

  /** The site's region, as in the control plane's {@code regions.csv}. */
  public String region;

  /** Where the node's data is processed, for example {@code DE}. */
  public String jurisdiction;

  /** Electricity market zone whose prices apply, for example {@code DE-LU}. */
  public String marketZone;

  /** Site power usage effectiveness (at least 1). */
  public double pue;

  /** Models of the node's GPUs, one entry per GPU. */
  public List<String> gpuModels;

  /** Node labels that job label selectors match. */
  public Map<String, String> labels;

  /** Whether the GPU inventory is a declared simulation rather than discovered. */
  public boolean simulated;
}
