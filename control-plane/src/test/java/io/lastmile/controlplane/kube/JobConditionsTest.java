package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobConditionsTest {

  /** Each cell is status/reason of Accepted, Scheduled, Running, Succeeded, Failed. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PENDING   | | True/Submitted | False/InsufficientGpus | False/Pending   | Unknown/Pending"
            + "   | Unknown/Pending",
        "SCHEDULED | n1 | True/Submitted | True/Placed | False/Scheduled | Unknown/Scheduled"
            + " | Unknown/Scheduled",
        "RUNNING   | n1 | True/Submitted | True/Placed | True/Started | Unknown/Running"
            + " | Unknown/Running",
        "SUCCEEDED | n1 | True/Submitted | True/Placed | False/Succeeded | True/Succeeded"
            + " | False/Succeeded",
        "FAILED    | n1 | True/Submitted | True/Placed | False/Failed | False/Failed | True/Failed",
        "CANCELLED |    | True/Submitted | False/Cancelled | False/Cancelled | False/Cancelled"
            + " | False/Cancelled",
      })
  void eachStateSetsTheFiveConditions(
      String state,
      String node,
      String accepted,
      String scheduled,
      String running,
      String succeeded,
      String failed) {
    InferenceJobStatus s = new InferenceJobStatus();
    s.jobId = "job-1";
    s.state = state;
    s.node = node;
    s.region = node == null ? null : "de-fra";
    s.pendingReason = "INSUFFICIENT_GPUS";
    s.explanation = "0/1 nodes can host the job: n1: 0 free GPUs, 1 requested";

    assertThat(JobConditions.of(s))
        .extracting(c -> c.type + "=" + c.status + "/" + c.reason)
        .containsExactly(
            "Accepted=" + accepted,
            "Scheduled=" + scheduled,
            "Running=" + running,
            "Succeeded=" + succeeded,
            "Failed=" + failed);
  }

  @ParameterizedTest
  @CsvSource({"spec.resources.gpuCount, Invalid", ", Conflict"})
  void aRejectedSpecIsNotAcceptedAndHasNoOtherCondition(String field, String reason) {
    InferenceJobStatus s = new InferenceJobStatus();
    s.state = InferenceJobController.INVALID;
    s.invalidField = field;
    s.message = "spec.resources.gpuCount: must be between 0 and 64 (got 65)";

    List<KubeCondition> conditions = JobConditions.of(s);

    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type + "=" + c.status + "/" + c.reason)
                  .isEqualTo("Accepted=False/" + reason);
              assertThat(c.message).isEqualTo(s.message);
            });
  }
}
