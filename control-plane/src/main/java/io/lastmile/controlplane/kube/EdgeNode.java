package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Lastmile node mirrored into Kubernetes so that {@code kubectl get edgenodes} shows the fleet.
 * The control plane owns these objects: it creates one when an agent registers, keeps its status in
 * step with the node and deletes it when the node is gone. The spec holds what the agent is
 * configured with, the status what it observes. Namespaced (in the control plane's namespace) so
 * that one Role covers everything the control plane writes and two installations in one cluster do
 * not overwrite each other's nodes.
 */
@Group(EdgeNode.GROUP)
@Version(EdgeNode.VERSION)
@Plural("edgenodes")
@ShortNames("en")
@AdditionalPrinterColumn(
    name = "Region",
    jsonPath = ".spec.region",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "GPUs Free",
    jsonPath = ".status.gpusFree",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "GPUs",
    jsonPath = ".status.gpusTotal",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Power W",
    jsonPath = ".status.powerDrawW",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Price/MWh",
    jsonPath = ".status.priceNowPerMwh",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Agent",
    jsonPath = ".status.agentVersion",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EdgeNode extends CustomResource<EdgeNodeSpec, EdgeNodeStatus> implements Namespaced {
  public static final String GROUP = "lastmile.io";
  public static final String VERSION = "v1";

  /** Label on every object the control plane manages, so it never deletes anything else. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY = "lastmile-control-plane";

  // Overridden for the schema only: both are described.
  @Override
  @JsonPropertyDescription(
      "Where the node is and what applies to it, as its agent is configured. Written by the"
          + " control plane.")
  public EdgeNodeSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "The node as its agent reports it: GPUs, capacity, state, power draw and the hour's price.")
  public EdgeNodeStatus getStatus() {
    return super.getStatus();
  }
}
