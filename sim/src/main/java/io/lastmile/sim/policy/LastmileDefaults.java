package io.lastmile.sim.policy;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.PackingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The control plane's default scheduler configuration, read from its {@code application.properties}
 * (on the class path with the control plane's classes): scorer weights, per-class weights, packing
 * and deferral. Keys the file leaves out take the defaults the control plane's configuration
 * declares (packing {@code bin-pack}, deferral min-saving {@code 0.15}, deadline margin {@code 5m},
 * window share {@code 0.75}, interruptible wait min-saving {@code 0.3}, max-wait {@code 30m}).
 */
public record LastmileDefaults(
    Map<String, Double> weights,
    Map<JobClass, Map<String, Double>> classWeights,
    PackingPolicy packing,
    double minSaving,
    Duration deadlineMargin,
    double windowShare,
    double waitMinSaving,
    Duration waitMax) {

  private static final String PREFIX = "lastmile.scheduler.";

  public static LastmileDefaults load() {
    Properties p = new Properties();
    try (InputStream in =
        LastmileDefaults.class.getClassLoader().getResourceAsStream("application.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "the control plane's application.properties is not on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(PREFIX)) {
        p.setProperty(key, System.getProperty(key));
      }
    }
    return of(p);
  }

  public static LastmileDefaults of(Properties p) {
    Map<String, Double> weights = new HashMap<>();
    Map<JobClass, Map<String, Double>> byClass = new EnumMap<>(JobClass.class);
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(PREFIX + "weights.")) {
        weights.put(key.substring((PREFIX + "weights.").length()), number(p, key));
      } else if (key.startsWith(PREFIX + "class-weights.")) {
        String[] parts = key.substring((PREFIX + "class-weights.").length()).split("\\.", 2);
        JobClass c = JobClass.valueOf(parts[0].toUpperCase(Locale.ROOT));
        byClass.computeIfAbsent(c, k -> new HashMap<>()).put(parts[1], number(p, key));
      }
    }
    String packing = p.getProperty(PREFIX + "packing", "bin-pack");
    return new LastmileDefaults(
        weights,
        byClass,
        packing.equals("spread") ? PackingPolicy.SPREAD : PackingPolicy.BIN_PACK,
        Double.parseDouble(p.getProperty(PREFIX + "deferral.min-saving", "0.15")),
        duration(p.getProperty(PREFIX + "deferral.deadline-margin", "5m")),
        Double.parseDouble(p.getProperty(PREFIX + "deferral.window-share", "0.75")),
        Double.parseDouble(p.getProperty(PREFIX + "interruptible-wait.min-saving", "0.3")),
        duration(p.getProperty(PREFIX + "interruptible-wait.max-wait", "30m")));
  }

  private static double number(Properties p, String key) {
    try {
      return Double.parseDouble(p.getProperty(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "%s must be a number, got '%s'".formatted(key, p.getProperty(key)));
    }
  }

  /** {@code 90s}, {@code 5m}, {@code 2h} or an ISO-8601 duration. */
  public static Duration duration(String text) {
    String t = text.trim();
    char unit = t.charAt(t.length() - 1);
    String amount = t.substring(0, t.length() - 1);
    return switch (unit) {
      case 's' -> Duration.ofSeconds(Long.parseLong(amount));
      case 'm' -> Duration.ofMinutes(Long.parseLong(amount));
      case 'h' -> Duration.ofHours(Long.parseLong(amount));
      default -> Duration.parse(t);
    };
  }
}
