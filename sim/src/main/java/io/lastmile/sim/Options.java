package io.lastmile.sim;

import io.lastmile.sim.policy.LastmileDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Command-line options of the simulator, each {@code --name value}; see {@link #HELP}. */
public record Options(
    String dataset,
    Path data,
    Path sites,
    LocalDate from,
    int days,
    Path out,
    double scale,
    long seed,
    double interactiveShare,
    double batchShare,
    double rttMs,
    Duration deadline,
    Duration boundSlack,
    int nodesPerSite,
    int gpusPerNode,
    String gpu,
    Map<String, String> given) {

  static final String HELP =
      """
      Usage: java -jar sim/target/lastmile-sim.jar [--name value]...

      Replays the Azure LLM inference trace (2023) against a year of hourly electricity prices
      through Lastmile's scheduler and three baselines, and writes a Markdown report with SVG plots.

        --dataset greendcc|jepx   price dataset: 9 zones on 4 continents (USD) or 7 Japanese areas (JPY)  [greendcc]
        --data DIR                folder of the public datasets                         [../shared/data]
        --sites FILE              site table zone,azure_region,pue_source,currency,timezone
                                  [bundled sites/<dataset>.csv]
        --from YYYY-MM-DD         first simulated day (UTC)                                [2023-02-01]
        --days N                  simulated days                                                   [28]
        --out DIR                 where the report and plots go                       [docs/evaluation]
        --scale X                 users per trace request: multiplies every job's GPU time         [30]
        --seed N                  seed of origins and classes                                      [42]
        --interactive F           share of latency-critical requests                              [0.6]
        --batch F                 share of deferrable requests (the rest is interruptible)       [0.25]
        --rtt-ms MS               round-trip bound of latency-critical jobs                        [50]
        --deadline DURATION       latest start of deferrable jobs after submission (12h, 90m)     [12h]
        --bound-slack DURATION    latest start of interruptible jobs after submission in the
                                  offline bound within capacity (0m: at submission only)         [1h]
        --nodes-per-site N        nodes at each site                                                [1]
        --gpus-per-node N         GPUs per node                                                     [4]
        --gpu NAME                accelerator in the MLPerf power results                    [H100-SXM]
        --help                    this text

      Example (the greendcc report for February 2023):
        java -jar sim/target/lastmile-sim.jar --dataset greendcc --from 2023-02-01 --days 28
      """;

  public static Options parse(List<String> args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || i + 1 >= args.size()) {
        throw new IllegalArgumentException(
            "expected --name value, got '%s' (see --help)".formatted(a));
      }
      m.put(a.substring(2), args.get(++i));
    }
    Options o =
        new Options(
            m.getOrDefault("dataset", "greendcc"),
            Path.of(m.getOrDefault("data", "../shared/data")),
            m.containsKey("sites") ? Path.of(m.get("sites")) : null,
            date(m.getOrDefault("from", "2023-02-01")),
            (int) number(m, "days", 28),
            Path.of(m.getOrDefault("out", "docs/evaluation")),
            number(m, "scale", 30),
            (long) number(m, "seed", 42),
            number(m, "interactive", 0.6),
            number(m, "batch", 0.25),
            number(m, "rtt-ms", 50),
            duration(m, "deadline", "12h"),
            duration(m, "bound-slack", "1h"),
            (int) number(m, "nodes-per-site", 1),
            (int) number(m, "gpus-per-node", 4),
            m.getOrDefault("gpu", "H100-SXM"),
            Map.copyOf(m));
    List<String> known =
        List.of(
            "dataset",
            "data",
            "sites",
            "from",
            "days",
            "out",
            "scale",
            "seed",
            "interactive",
            "batch",
            "rtt-ms",
            "deadline",
            "bound-slack",
            "nodes-per-site",
            "gpus-per-node",
            "gpu");
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException(
            "unknown option --%s (known: %s; see --help)".formatted(k, known));
      }
    }
    if (o.days < 1) {
      throw new IllegalArgumentException("--days must be >= 1, got " + o.days);
    }
    return o;
  }

  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Instant end() {
    return start().plus(Duration.ofDays(days));
  }

  /** The options as given, for the reproduce line. */
  public String arguments() {
    return given.entrySet().stream()
        .filter(e -> !e.getKey().equals("out"))
        .map(e -> "--" + e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(" "));
  }

  private static double number(Map<String, String> m, String key, double fallback) {
    String v = m.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--%s must be a number, got '%s'".formatted(key, v));
    }
  }

  private static LocalDate date(String v) {
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--from must be YYYY-MM-DD, got '%s'".formatted(v));
    }
  }

  private static Duration duration(Map<String, String> m, String key, String fallback) {
    String v = m.getOrDefault(key, fallback);
    Duration d;
    try {
      d = LastmileDefaults.duration(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--%s must be a duration such as 12h or 90m, got '%s'".formatted(key, v));
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("--%s must be >= 0, got '%s'".formatted(key, v));
    }
    return d;
  }
}
