package io.lastmile.controlplane.kube;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One standard Kubernetes condition ({@code metav1.Condition}), as {@code kubectl wait
 * --for=condition=…} and {@code kubectl describe} read it. Built with {@link #of}; {@link
 * Conditions#settle} stamps the transition time and generation.
 */
public class KubeCondition {
  /** Whether a condition holds. */
  public enum Status {
    @JsonProperty("True")
    TRUE,
    @JsonProperty("False")
    FALSE,
    @JsonProperty("Unknown")
    UNKNOWN;

    /** As Kubernetes spells it: {@code True}, {@code False}, {@code Unknown}. */
    public String text() {
      return Conditions.reason(name());
    }
  }

  @JsonPropertyDescription("Which aspect this condition is about, in CamelCase, for example Ready.")
  @Required
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  public String type;

  @JsonPropertyDescription("Whether the condition holds: True, False or Unknown.")
  @Required
  @SchemaFrom(type = Status.class)
  public String status;

  @JsonPropertyDescription(
      "Why, as one CamelCase word a program may match on, for example InsufficientGpus.")
  @Required
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  public String reason;

  @JsonPropertyDescription("Why, for people; may be empty.")
  @Required
  public String message;

  @JsonPropertyDescription("When status last changed, RFC 3339.")
  @Required
  @JsonSerialize(using = DateTimeText.class)
  public String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation the condition was set for.")
  @Min(0)
  public Long observedGeneration;

  /** A condition without its time and generation yet. */
  public static KubeCondition of(String type, Status status, String reason, String message) {
    KubeCondition c = new KubeCondition();
    c.type = type;
    c.status = status.text();
    c.reason = reason;
    c.message = message == null ? "" : message;
    return c;
  }
}
