package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lastmile.api.v1.JobClass;
import io.lastmile.api.v1.Packing;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.controlplane.domain.InvalidFieldException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InferenceJobRequestsTest {

  @ParameterizedTest
  @CsvSource({"250ms,PT0.25S", "30s,PT30S", "5m,PT5M", "2h,PT2H", "1d,PT24H"})
  void durationsAreWrittenWithAUnit(String text, String expected) {
    assertThat(DurationText.parse("spec.timeout", text)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void durationWithoutUnitNamesTheFieldAndValue() {
    assertThatThrownBy(() -> DurationText.parse("spec.timeout", "90"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageStartingWith("spec.timeout: ")
        .hasMessageContaining("\"90\"");
  }

  @Test
  void specMapsOntoTheSubmitRequestWithTheUidAsRequestId() {
    InferenceJob job = job();
    job.getSpec().jobClass = "deferrable";
    job.getSpec().deadline = "2026-11-23T06:00:00Z";
    job.getSpec().scoring = new InferenceJobSpec.Scoring();
    job.getSpec().scoring.packing = "spread";
    job.getSpec().scoring.weights = Map.of("energy-cost", 3.0);

    SubmitJobRequest request = InferenceJobRequests.request(job);

    assertThat(request.getRequestId()).isEqualTo("uid-1");
    assertThat(request.getSpec().getName()).isEqualTo("chat");
    assertThat(request.getSpec().getJobClass()).isEqualTo(JobClass.JOB_CLASS_DEFERRABLE);
    assertThat(request.getSpec().getScoring().getPacking()).isEqualTo(Packing.PACKING_SPREAD);
    assertThat(request.getSpec().getPlacement().getMaxRtt().getNanos()).isEqualTo(30_000_000);
    assertThat(request.getSpec().getResources().getGpuCount()).isEqualTo(1);
    assertThat(request.getSpec().getDeadline().getSeconds())
        .isEqualTo(java.time.Instant.parse("2026-11-23T06:00:00Z").getEpochSecond());
  }

  @Test
  void unknownJobClassListsTheChoices() {
    InferenceJob job = job();
    job.getSpec().jobClass = "urgent";
    assertThatThrownBy(() -> InferenceJobRequests.request(job))
        .hasMessage(
            "spec.jobClass: is not one of LATENCY_CRITICAL, STANDARD, DEFERRABLE, INTERRUPTIBLE"
                + " (got \"urgent\")");
  }

  @Test
  void protoFieldPathsAreSpelledAsTheResourceSpellsThem() {
    assertThat(InferenceJobRequests.resourceField("spec.resources.gpu_memory_mib"))
        .isEqualTo("spec.resources.gpuMemoryMib");
    assertThat(InferenceJobRequests.resourceField("spec.placement.max_rtt"))
        .isEqualTo("spec.placement.maxRtt");
  }

  private static InferenceJob job() {
    InferenceJob job = new InferenceJob();
    job.setMetadata(new ObjectMetaBuilder().withName("chat").withUid("uid-1").build());
    InferenceJobSpec spec = new InferenceJobSpec();
    spec.workload = new InferenceJobSpec.Workload();
    spec.workload.command = "true";
    spec.resources = new InferenceJobSpec.Resources();
    spec.resources.gpuCount = 1;
    spec.placement = new InferenceJobSpec.Placement();
    spec.placement.originRegion = "de-fra";
    spec.placement.maxRtt = "30ms";
    job.setSpec(spec);
    return job;
  }
}
