package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A job submitted with {@code kubectl apply -f}. The control plane submits its spec once (the
 * object's uid is the request id, so a restart never submits it twice), mirrors the job's state,
 * node and cost into the status with standard conditions ({@code kubectl wait
 * --for=condition=Succeeded}), and cancels the job when the object is deleted.
 */
@Group(EdgeNode.GROUP)
@Version(EdgeNode.VERSION)
@Plural("inferencejobs")
@ShortNames("ij")
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Node",
    jsonPath = ".status.node",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Region",
    jsonPath = ".status.region",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.pendingReason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Cost",
    jsonPath = ".status.cost",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Currency",
    jsonPath = ".status.currency",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class InferenceJob extends CustomResource<InferenceJobSpec, InferenceJobStatus>
    implements Namespaced {

  // Overridden for the schema only: the spec is required, and both are described.
  @Override
  @Required
  @JsonPropertyDescription(
      "The job: the gRPC API's JobSpec in lowerCamelCase. Read once, when the object is created"
          + " or its generation changes after a rejection.")
  public InferenceJobSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What has become of the job, written by the control plane.")
  public InferenceJobStatus getStatus() {
    return super.getStatus();
  }
}
