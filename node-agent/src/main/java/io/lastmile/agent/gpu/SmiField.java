package io.lastmile.agent.gpu;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code nvidia-smi --query-gpu} fields the agent understands. Each knows the names it may
 * appear under: the one we ask for and the aliases nvidia-smi accepts or prints in a header, so a
 * capture taken with another field list still maps onto a {@link GpuReading}.
 */
enum SmiField {
  INDEX("index"),
  UUID("uuid", "gpu_uuid"),
  NAME("name", "gpu_name"),
  MEMORY_TOTAL("memory.total"),
  MEMORY_USED("memory.used"),
  UTILIZATION_GPU("utilization.gpu"),
  POWER_DRAW("power.draw", "power.draw.instant"),
  POWER_LIMIT("power.limit", "enforced.power.limit"),
  MIG_MODE_CURRENT("mig.mode.current");

  private final List<String> names;

  SmiField(String... names) {
    this.names = List.of(names);
  }

  /** The name passed to {@code --query-gpu}. */
  String queryName() {
    return names.get(0);
  }

  /**
   * Finds the field for a column name, with or without the unit nvidia-smi appends to header names
   * ({@code "power.draw [W]"}).
   */
  static Optional<SmiField> byName(String column) {
    String name = withoutUnit(column).toLowerCase(Locale.ROOT);
    for (SmiField field : values()) {
      if (field.names.contains(name)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  /** {@code "power.draw [W]"} becomes {@code "power.draw"}. */
  static String withoutUnit(String column) {
    int bracket = column.indexOf('[');
    return (bracket < 0 ? column : column.substring(0, bracket)).strip();
  }

  /** {@code "power.draw [W]"} becomes {@code "W"}; empty when the header names no unit. */
  static String unitOf(String column) {
    int open = column.indexOf('[');
    int close = column.lastIndexOf(']');
    return open < 0 || close < open ? "" : column.substring(open + 1, close).strip();
  }
}
