package io.lastmile.agent.gpu;

import java.util.Locale;

/**
 * One value of one {@code nvidia-smi} CSV line, with where it came from so a bad value can be
 * reported by line, column and content.
 *
 * <p>nvidia-smi marks a value it cannot give in several ways depending on driver and device: {@code
 * [N/A]}, {@code N/A}, {@code [Not Supported]}, {@code [Unknown Error]}, {@code [Insufficient
 * Permissions]}. Any bracketed value and the bare forms count as unknown rather than malformed: a
 * Jetson or a MIG-enabled A100 legitimately reports them and the agent must keep running.
 *
 * @param lineNumber 1-based line in the whole output, header included
 * @param columnNumber 1-based column in the line
 * @param unit the unit the header declared for this column (for example {@code MiB}), or empty
 */
record SmiCell(int lineNumber, int columnNumber, String column, String raw, String unit) {

  boolean unknown() {
    String value = raw.strip();
    return value.isEmpty()
        || (value.startsWith("[") && value.endsWith("]"))
        || value.equalsIgnoreCase("N/A")
        || value.equalsIgnoreCase("Not Supported");
  }

  /**
   * The value without surrounding blanks and without the unit nvidia-smi prints without nounits.
   */
  String text() {
    String value = raw.strip();
    if (!unit.isEmpty() && value.endsWith(unit)) {
      value = value.substring(0, value.length() - unit.length()).strip();
    }
    return value;
  }

  /** A non-negative number, or the given fallback when nvidia-smi could not read it. */
  double number(double whenUnknown) {
    if (unknown()) {
      return whenUnknown;
    }
    try {
      double value = Double.parseDouble(text());
      if (Double.isFinite(value) && value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the line and column
    }
    throw malformed("is not a non-negative number");
  }

  int integer() {
    if (unknown()) {
      throw malformed("is required but unknown");
    }
    try {
      return Integer.parseInt(text());
    } catch (NumberFormatException e) {
      throw malformed("is not an integer");
    }
  }

  /** MIG mode: {@code Enabled} or {@code Disabled}; unknown on GPUs without MIG support. */
  boolean migEnabled() {
    if (unknown()) {
      return false;
    }
    return switch (text().toLowerCase(Locale.ROOT)) {
      case "enabled" -> true;
      case "disabled" -> false;
      default -> throw malformed("is not Enabled or Disabled");
    };
  }

  String string() {
    return unknown() ? "" : raw.strip();
  }

  IllegalArgumentException malformed(String problem) {
    return new IllegalArgumentException(
        "nvidia-smi output line %d, column %d (%s): '%s' %s"
            .formatted(lineNumber, columnNumber, column, raw.strip(), problem));
  }
}
