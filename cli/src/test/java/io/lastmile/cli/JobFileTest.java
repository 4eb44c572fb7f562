package io.lastmile.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.api.v1.JobClass;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Packing;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobFileTest {

  @Test
  void readmeExampleSetsEveryField() throws Exception {
    JobSpec spec =
        read(
            """
            name: chat
            workload:
              command: python3
              args: [serve.py, --port, "8000"]
              env: {MODEL: llama-3-8b}
            resources: {gpu_count: 1, gpu_memory_mib: 16000, gpu_model: L4, cpu_millis: 2000, memory_mib: 8192}
            placement:
              origin_region: de-fra          # users or data are here
              max_rtt: 30ms                  # round-trip bound from origin_region
              allowed_jurisdictions: [DE, FR]
              label_selector: {tier: edge}
            job_class: DEFERRABLE
            deadline: "2026-11-23T06:00:00Z"
            expected_duration: 2h
            timeout: 3h
            max_attempts: 2
            priority: 10
            scoring: {weights: {energy-cost: 3, round-trip: 0}, packing: spread}
            """);

    assertThat(spec.getName()).isEqualTo("chat");
    assertThat(spec.getWorkload().getArgsList()).containsExactly("serve.py", "--port", "8000");
    assertThat(spec.getWorkload().getEnvMap()).containsEntry("MODEL", "llama-3-8b");
    assertThat(spec.getResources().getGpuMemoryMib()).isEqualTo(16000);
    assertThat(spec.getResources().getMemoryMib()).isEqualTo(8192);
    assertThat(spec.getPlacement().getMaxRtt().getNanos()).isEqualTo(30_000_000);
    assertThat(spec.getPlacement().getAllowedJurisdictionsList()).containsExactly("DE", "FR");
    assertThat(spec.getPlacement().getLabelSelectorMap()).containsEntry("tier", "edge");
    assertThat(spec.getJobClass()).isEqualTo(JobClass.JOB_CLASS_DEFERRABLE);
    assertThat(spec.getDeadline().getSeconds()).isEqualTo(1795413600L);
    assertThat(spec.getExpectedDuration().getSeconds()).isEqualTo(7200);
    assertThat(spec.getTimeout().getSeconds()).isEqualTo(10800);
    assertThat(spec.getMaxAttempts()).isEqualTo(2);
    assertThat(spec.getPriority()).isEqualTo(10);
    assertThat(spec.getScoring().getWeightsMap())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("energy-cost", 3.0, "round-trip", 0.0));
    assertThat(spec.getScoring().getPacking()).isEqualTo(Packing.PACKING_SPREAD);
  }

  @Test
  void protoJsonNamesAndDurationsAreAcceptedToo() throws Exception {
    JobSpec spec =
        read(
            """
            {"name": "j", "jobClass": "JOB_CLASS_INTERRUPTIBLE",
             "placement": {"originRegion": "sg-sin", "maxRtt": "0.5s"}}
            """);

    assertThat(spec.getJobClass()).isEqualTo(JobClass.JOB_CLASS_INTERRUPTIBLE);
    assertThat(spec.getPlacement().getOriginRegion()).isEqualTo("sg-sin");
    assertThat(spec.getPlacement().getMaxRtt().getNanos()).isEqualTo(500_000_000);
  }

  @Test
  void unknownFieldIsNamed() {
    assertThatThrownBy(() -> read("name: x\ngpus: 1\n"))
        .isInstanceOf(JobFile.BadJobFile.class)
        .hasMessageContaining("gpus");
  }

  @Test
  void documentThatIsNotAMappingIsRefused() {
    assertThatThrownBy(() -> read("- name: x\n"))
        .isInstanceOf(JobFile.BadJobFile.class)
        .hasMessageContaining("expected a mapping");
  }

  @Test
  void brokenYamlIsRefused() {
    assertThatThrownBy(() -> read("name: [unclosed\n"))
        .isInstanceOf(JobFile.BadJobFile.class)
        .hasMessageContaining("not valid YAML");
  }

  private static JobSpec read(String yaml) throws JobFile.BadJobFile {
    return JobFile.read("-", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }
}
