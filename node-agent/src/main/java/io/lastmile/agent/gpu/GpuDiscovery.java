package io.lastmile.agent.gpu;

import java.time.Duration;
import java.util.List;

/**
 * Chooses the agent's {@link GpuInventory} once at startup, from configuration.
 *
 * <p>It probes nvidia-smi by reading it once, so a broken driver shows up at startup with its
 * reason instead of at the first heartbeat. A simulation is only ever used when it was declared:
 * the agent never invents GPUs, and when it falls back to the declared ones the inventory's {@link
 * GpuInventory#describe()} says why, for the caller to log as a warning.
 */
public final class GpuDiscovery {

  public static final String MODE_KEY = "lastmile.agent.gpu.mode";
  public static final String SIMULATED_KEY = "lastmile.agent.gpu.simulated";
  public static final String NVIDIA_SMI_PATH_KEY = "lastmile.agent.gpu.nvidia-smi-path";
  public static final String NVIDIA_SMI_TIMEOUT_KEY = "lastmile.agent.gpu.nvidia-smi-timeout";

  private static final String DEVELOPMENT_HINT =
      "for development set %s=simulated and %s=2xL4:23034:72".formatted(MODE_KEY, SIMULATED_KEY);

  private GpuDiscovery() {}

  /** As {@link #select(String, String, String, Duration)} with the default nvidia-smi timeout. */
  public static GpuInventory select(String mode, String simulatedSpec, String nvidiaSmiPath) {
    return select(mode, simulatedSpec, nvidiaSmiPath, NvidiaSmiInventory.DEFAULT_TIMEOUT);
  }

  /**
   * @param mode {@code auto}, {@code nvidia-smi} or {@code simulated}
   * @param simulatedSpec the declared simulation ({@link SimulatedInventory} format), may be blank
   * @param nvidiaSmiPath the nvidia-smi executable; blank means {@code nvidia-smi} on the PATH
   * @throws IllegalArgumentException when a value is malformed
   * @throws IllegalStateException when the chosen source has no GPUs to offer
   */
  public static GpuInventory select(
      String mode, String simulatedSpec, String nvidiaSmiPath, Duration nvidiaSmiTimeout) {
    String spec = simulatedSpec == null ? "" : simulatedSpec.strip();
    String path =
        nvidiaSmiPath == null || nvidiaSmiPath.isBlank()
            ? NvidiaSmiInventory.DEFAULT_PATH
            : nvidiaSmiPath;
    return switch (GpuMode.parse(mode)) {
      case SIMULATED -> simulated(spec);
      case NVIDIA_SMI -> nvidiaSmi(path, nvidiaSmiTimeout);
      case AUTO -> auto(spec, path, nvidiaSmiTimeout);
    };
  }

  private static GpuInventory simulated(String spec) {
    if (spec.isEmpty()) {
      throw new IllegalStateException(
          "%s=simulated needs %s, for example 2xL4:23034:72".formatted(MODE_KEY, SIMULATED_KEY));
    }
    return SimulatedInventory.parse(spec);
  }

  private static GpuInventory nvidiaSmi(String path, Duration timeout) {
    NvidiaSmiInventory inventory = new NvidiaSmiInventory(path, timeout);
    try {
      if (inventory.read().isEmpty()) {
        throw new IllegalStateException(
            "%s=nvidia-smi but nvidia-smi at %s lists no GPUs".formatted(MODE_KEY, path));
      }
    } catch (NvidiaSmiException e) {
      throw new IllegalStateException(
          "%s=nvidia-smi but %s".formatted(MODE_KEY, e.getMessage()), e);
    }
    return inventory;
  }

  private static GpuInventory auto(String spec, String path, Duration timeout) {
    NvidiaSmiInventory inventory = new NvidiaSmiInventory(path, timeout);
    String why;
    try {
      List<GpuReading> gpus = inventory.read();
      if (!gpus.isEmpty()) {
        return inventory;
      }
      why = "nvidia-smi at %s lists no GPUs".formatted(path);
    } catch (NvidiaSmiException e) {
      why = e.getMessage();
    }
    if (spec.isEmpty()) {
      throw new IllegalStateException(
          "no NVIDIA GPU found: %s; %s".formatted(why, DEVELOPMENT_HINT));
    }
    return SimulatedInventory.parse(spec).asFallback("no NVIDIA GPU found: " + why);
  }
}
