package io.lastmile.agent.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A declared simulated inventory for development on machines without GPUs: nothing pretends to be
 * hardware, the node registers as simulated and every log line says so.
 *
 * <p>Spec format: comma-separated {@code COUNTxMODEL:MEMORY_MIB[:POWER_LIMIT_W]}, for example
 * {@code 2xL4:23034:72,1xA100-80GB:81920:300}.
 */
public final class SimulatedInventory implements GpuInventory {
  private final List<GpuReading> gpus;
  private final String fallbackReason;

  private SimulatedInventory(List<GpuReading> gpus) {
    this(gpus, "");
  }

  private SimulatedInventory(List<GpuReading> gpus, String fallbackReason) {
    this.gpus = List.copyOf(gpus);
    this.fallbackReason = fallbackReason;
  }

  public static SimulatedInventory parse(String spec) {
    List<GpuReading> gpus = new ArrayList<>();
    if (spec.isBlank()) {
      return new SimulatedInventory(gpus);
    }
    for (String part : spec.split(",")) {
      String item = part.strip();
      int x = item.indexOf('x');
      String[] fields = x < 0 ? new String[0] : item.substring(x + 1).split(":");
      if (x <= 0 || fields.length < 2 || fields.length > 3) {
        throw new IllegalArgumentException(
            ("lastmile.agent.gpu.simulated: '%s' is not COUNTxMODEL:MEMORY_MIB[:POWER_LIMIT_W],"
                    + " for example 2xL4:23034:72")
                .formatted(item));
      }
      try {
        int count = Integer.parseInt(item.substring(0, x));
        long memory = Long.parseLong(fields[1]);
        double limit = fields.length == 3 ? Double.parseDouble(fields[2]) : Double.NaN;
        for (int i = 0; i < count; i++) {
          int index = gpus.size();
          gpus.add(
              new GpuReading(
                  index,
                  "SIM-%s-%d".formatted(fields[0].toLowerCase(Locale.ROOT), index),
                  "Simulated " + fields[0],
                  memory,
                  0,
                  0,
                  Double.isNaN(limit) ? Double.NaN : limit * 0.1,
                  limit,
                  false));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "lastmile.agent.gpu.simulated: '%s' has a number that does not parse".formatted(item));
      }
    }
    return new SimulatedInventory(gpus);
  }

  @Override
  public List<GpuReading> read() {
    return gpus;
  }

  @Override
  public boolean simulated() {
    return true;
  }

  /**
   * The same inventory, saying in {@link #describe()} that it stands in for hardware that was not
   * found, so the log line that announces it reads as the warning it is.
   */
  public SimulatedInventory asFallback(String reason) {
    return new SimulatedInventory(gpus, reason);
  }

  @Override
  public String describe() {
    String description =
        "simulated inventory (%d GPUs, declared by lastmile.agent.gpu.simulated)"
            .formatted(gpus.size());
    return fallbackReason.isEmpty()
        ? description
        : description + " used instead of real GPUs because " + fallbackReason;
  }
}
