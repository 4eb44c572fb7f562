package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.lastmile.api.v1.NodeIds;
import java.util.Map;

/**
 * Where a node is and what applies to it, as its agent is configured; what the agent observes
 * (GPUs, capacity, state) is in {@link EdgeNodeStatus}. Written by the control plane only. Each
 * field's description is its documentation ({@code kubectl explain edgenode.spec}).
 */
public class EdgeNodeSpec {
  @JsonPropertyDescription(
      "The node id the agent registered with, also the object's name: a DNS-1123 subdomain of at"
          + " most 253 characters.")
  @Required
  @Pattern("^" + NodeIds.PATTERN + "$")
  @Size(max = NodeIds.MAX_LENGTH)
  public String nodeId;

  @JsonPropertyDescription("The site's region, as in the control plane's regions.csv.")
  public String region;

  @JsonPropertyDescription("Where the node's data is processed, for example DE.")
  public String jurisdiction;

  @JsonPropertyDescription("Electricity market zone whose prices apply, for example DE-LU.")
  public String marketZone;

  @JsonPropertyDescription("Site power usage effectiveness, at least 1.")
  @Min(1)
  public double pue;

  @JsonPropertyDescription("Node labels that job label selectors match.")
  public Map<String, String> labels;
}
