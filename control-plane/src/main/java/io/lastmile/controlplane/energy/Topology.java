package io.lastmile.controlplane.energy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regions the control plane knows and the round trips between them, read from a data directory:
 *
 * <ul>
 *   <li>{@code regions.csv}: {@code region,jurisdiction,market_zone,city}
 *   <li>{@code rtt.csv}: {@code from_region,to_region,rtt_ms} (symmetric; one row per pair)
 * </ul>
 *
 * Both files start with that header line; lines starting with {@code #} are comments.
 */
public record Topology(Map<String, Region> regions, LatencyMap latency) {
  /** Classpath folder of the sample data shipped with the control plane. */
  public static final String SAMPLE = "/sample-data/";

  public static Topology load(Path dir) {
    return parse(open(dir.resolve("regions.csv")), open(dir.resolve("rtt.csv")), dir.toString());
  }

  public static Topology sample() {
    return parse(resource("regions.csv"), resource("rtt.csv"), "bundled sample data");
  }

  private static Topology parse(List<String> regionLines, List<String> rttLines, String source) {
    Map<String, Region> regions = new LinkedHashMap<>();
    LatencyMap latency = LatencyMap.empty();
    for (Row row : rows(regionLines, "regions.csv", source, 4)) {
      regions.put(row.cells[0], new Region(row.cells[0], row.cells[1], row.cells[2], row.cells[3]));
      latency = latency.withRegion(row.cells[0]);
    }
    for (Row row : rows(rttLines, "rtt.csv", source, 3)) {
      for (int i = 0; i < 2; i++) {
        if (!regions.containsKey(row.cells[i])) {
          throw row.error("region '%s' is not in regions.csv".formatted(row.cells[i]));
        }
      }
      double rtt;
      try {
        rtt = Double.parseDouble(row.cells[2]);
      } catch (NumberFormatException e) {
        throw row.error("rtt_ms '%s' is not a number".formatted(row.cells[2]));
      }
      if (!(rtt >= 0) || Double.isInfinite(rtt)) {
        throw row.error("rtt_ms must be >= 0, got " + row.cells[2]);
      }
      latency = latency.with(row.cells[0], row.cells[1], rtt);
    }
    return new Topology(Map.copyOf(regions), latency);
  }

  private record Row(String[] cells, String file, String source, int line) {
    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("%s/%s line %d: %s".formatted(source, file, line, what));
    }
  }

  private static List<Row> rows(List<String> lines, String file, String source, int columns) {
    java.util.ArrayList<Row> out = new java.util.ArrayList<>();
    boolean header = true;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      String[] cells = text.split(",", -1);
      Row row = new Row(cells, file, source, i + 1);
      if (cells.length != columns) {
        throw row.error("expected %d columns, found %d".formatted(columns, cells.length));
      }
      for (int c = 0; c < cells.length; c++) {
        cells[c] = cells[c].strip();
      }
      out.add(row);
    }
    return out;
  }

  private static List<String> open(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> resource(String name) {
    try (InputStream in = Topology.class.getResourceAsStream(SAMPLE + name)) {
      if (in == null) {
        throw new IllegalStateException("sample data " + name + " missing from the classpath");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
