package io.lastmile.agent.gpu;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the agent finds its GPUs: the values of {@code lastmile.agent.gpu.mode}. */
public enum GpuMode {
  /** nvidia-smi when it works; else the declared simulation, if any; else fail. */
  AUTO("auto"),
  /** nvidia-smi, or fail: for production nodes, where a silent simulation would be a lie. */
  NVIDIA_SMI("nvidia-smi"),
  /** The declared simulation only, for development machines. */
  SIMULATED("simulated");

  private final String configValue;

  GpuMode(String configValue) {
    this.configValue = configValue;
  }

  public String configValue() {
    return configValue;
  }

  /**
   * Reads the configured value, case-insensitively, failing with the key and the allowed values.
   */
  public static GpuMode parse(String value) {
    String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(mode -> mode.configValue.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "%s: '%s' is not one of %s"
                        .formatted(
                            GpuDiscovery.MODE_KEY,
                            value,
                            Arrays.stream(values())
                                .map(GpuMode::configValue)
                                .collect(Collectors.joining(", ")))));
  }
}
