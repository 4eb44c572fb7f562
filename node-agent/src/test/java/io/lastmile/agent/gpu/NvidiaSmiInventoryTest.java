package io.lastmile.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaSmiInventoryTest {

  private static final List<String> RTX2080_FIELDS =
      List.of(
          "power.limit",
          "power.min_limit",
          "power.max_limit",
          "memory.total",
          "vbios_version",
          "driver_version",
          "name",
          "gpu_uuid",
          "power.draw",
          "temperature.gpu",
          "temperature.memory",
          "clocks.current.graphics",
          "clocks.sm",
          "clocks.mem",
          "utilization.gpu",
          "utilization.memory",
          "fan.speed",
          "pcie.link.width.current",
          "pstate");

  @TempDir Path dir;

  @Test
  void readsACapturedOutputThroughARealProcess() {
    FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, "rtx2080-gpu-utils-issue83.noheader.csv");
    NvidiaSmiInventory inventory =
        new NvidiaSmiInventory(smi.path(), Duration.ofSeconds(5), RTX2080_FIELDS);

    List<GpuReading> gpus = inventory.read();

    assertThat(gpus).singleElement().extracting(GpuReading::model).isEqualTo("GeForce RTX 2080");
    assertThat(gpus.get(0).powerDrawW()).isEqualTo(176.98);
    assertThat(smi.receivedArguments())
        .containsExactly(
            "--query-gpu=" + String.join(",", RTX2080_FIELDS), "--format=csv,noheader,nounits");
    assertThat(inventory.simulated()).isFalse();
    assertThat(inventory.describe()).isEqualTo("nvidia-smi at " + smi.path() + " (1 GPUs)");
  }

  @Test
  void asksForTheStandardFieldsByDefault() {
    FakeNvidiaSmi smi =
        FakeNvidiaSmi.withBody(dir, "echo '0, GPU-a, NVIDIA L4, 23034, 0, 0, 16.40, 72.00, [N/A]'");

    List<GpuReading> gpus = new NvidiaSmiInventory(smi.path(), Duration.ofSeconds(5)).read();

    assertThat(gpus).extracting(GpuReading::model).containsExactly("NVIDIA L4");
    assertThat(smi.receivedArguments()).isEqualTo(NvidiaSmiParser.queryArguments());
  }

  @Test
  void missingExecutableSaysToInstallTheDriverOrSetThePath() {
    NvidiaSmiInventory inventory =
        new NvidiaSmiInventory(dir.resolve("absent").toString(), Duration.ofSeconds(5));

    assertThatThrownBy(inventory::read)
        .isInstanceOf(NvidiaSmiException.class)
        .hasMessageStartingWith("cannot run " + dir.resolve("absent"))
        .hasMessageContaining("install the NVIDIA driver")
        .hasMessageContaining("lastmile.agent.gpu.nvidia-smi-path");
  }

  @Test
  void nonZeroExitCarriesStderrAndTheCommandToTryByHand() {
    FakeNvidiaSmi smi =
        FakeNvidiaSmi.withBody(
            dir,
            "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA"
                + " driver.\" >&2\nexit 9");

    assertThatThrownBy(new NvidiaSmiInventory(smi.path(), Duration.ofSeconds(5))::read)
        .isInstanceOf(NvidiaSmiException.class)
        .hasMessageContaining("exited with status 9")
        .hasMessageContaining("couldn't communicate with the NVIDIA driver")
        .hasMessageContaining("run `" + smi.path() + " --query-gpu=index,uuid,");
  }

  @Test
  void hungCommandIsKilledAtTheTimeout() {
    FakeNvidiaSmi smi = FakeNvidiaSmi.withBody(dir, "sleep 30");
    NvidiaSmiInventory inventory = new NvidiaSmiInventory(smi.path(), Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThatThrownBy(inventory::read)
        .isInstanceOf(NvidiaSmiException.class)
        .hasMessageContaining("did not answer within 300 ms")
        .hasMessageContaining("lastmile.agent.gpu.nvidia-smi-timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void unreadableOutputNamesTheParseProblem() {
    FakeNvidiaSmi smi = FakeNvidiaSmi.withBody(dir, "echo 'No devices were found'");

    assertThatThrownBy(new NvidiaSmiInventory(smi.path(), Duration.ofSeconds(5))::read)
        .isInstanceOf(NvidiaSmiException.class)
        .hasMessageContaining("printed output the agent cannot read")
        .hasMessageContaining("line 1 has 1 columns where 9 were expected");
  }

  @Test
  void rejectsBlankPathAndNonPositiveTimeout() {
    assertThatThrownBy(() -> new NvidiaSmiInventory(" ", Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NvidiaSmiInventory("nvidia-smi", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
