package io.lastmile.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GpuDiscoveryTest {

  private static final String L4_LINE = "0, GPU-a, NVIDIA L4, 23034, 0, 0, 16.40, 72.00, [N/A]";

  @TempDir Path dir;

  private String absent() {
    return dir.resolve("absent").toString();
  }

  private String working() {
    return FakeNvidiaSmi.withBody(dir, "echo '" + L4_LINE + "'").path();
  }

  @Test
  void autoUsesNvidiaSmiWhenItListsGpus() {
    GpuInventory inventory = GpuDiscovery.select("auto", "2xL4:23034:72", working());

    assertThat(inventory).isInstanceOf(NvidiaSmiInventory.class);
    assertThat(inventory.simulated()).isFalse();
  }

  @Test
  void autoFallsBackToTheDeclaredSimulationAndSaysWhy() {
    GpuInventory inventory = GpuDiscovery.select("auto", "2xL4:23034:72", absent());

    assertThat(inventory.simulated()).isTrue();
    assertThat(inventory.read()).hasSize(2);
    assertThat(inventory.describe())
        .startsWith("simulated inventory (2 GPUs, declared by lastmile.agent.gpu.simulated)")
        .contains("used instead of real GPUs because no NVIDIA GPU found: cannot run " + absent());
  }

  @Test
  void autoWithoutSimulationFailsPlainlyWithTheReasonAndTheDevelopmentSettings() {
    assertThatThrownBy(() -> GpuDiscovery.select("auto", "", absent()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no NVIDIA GPU found: cannot run " + absent())
        .hasMessageEndingWith(
            "; for development set lastmile.agent.gpu.mode=simulated and"
                + " lastmile.agent.gpu.simulated=2xL4:23034:72");
  }

  @Test
  void autoTreatsAnEmptyGpuListAsNoGpu() {
    String empty = FakeNvidiaSmi.withBody(dir, "true").path();

    assertThatThrownBy(() -> GpuDiscovery.select("auto", null, empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no NVIDIA GPU found: nvidia-smi at " + empty + " lists no GPUs");
  }

  @Test
  void nvidiaSmiModeNeverFallsBack() {
    assertThatThrownBy(() -> GpuDiscovery.select("nvidia-smi", "2xL4:23034:72", absent()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("lastmile.agent.gpu.mode=nvidia-smi but cannot run " + absent());
  }

  @Test
  void nvidiaSmiModeUsesAWorkingNvidiaSmi() {
    assertThat(GpuDiscovery.select("NVIDIA-SMI", "", working()).read())
        .extracting(GpuReading::model)
        .containsExactly("NVIDIA L4");
  }

  @Test
  void simulatedModeUsesTheSpecWithoutTouchingNvidiaSmi() {
    GpuInventory inventory = GpuDiscovery.select("simulated", "1xA100-80GB:81920:300", absent());

    assertThat(inventory.read()).extracting(GpuReading::memoryTotalMiB).containsExactly(81920L);
    assertThat(inventory.describe()).doesNotContain("instead of");
  }

  @Test
  void simulatedModeNeedsASpec() {
    assertThatThrownBy(() -> GpuDiscovery.select("simulated", " ", "nvidia-smi"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "lastmile.agent.gpu.mode=simulated needs lastmile.agent.gpu.simulated, for example"
                + " 2xL4:23034:72");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpu", "", "nvml"})
  void unknownModeNamesTheKeyAndTheValue(String mode) {
    assertThatThrownBy(() -> GpuDiscovery.select(mode, "", "nvidia-smi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "lastmile.agent.gpu.mode: '%s' is not one of auto, nvidia-smi, simulated"
                .formatted(mode));
  }

  @Test
  void malformedSimulationFailsEvenAsAFallback() {
    assertThatThrownBy(() -> GpuDiscovery.select("auto", "two L4s", absent()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("lastmile.agent.gpu.simulated: 'two L4s'");
  }
}
