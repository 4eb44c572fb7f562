package io.lastmile.controlplane.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the meters of the libraries under the control plane into Prometheus' conventions, so that
 * {@code promtool check metrics} finds nothing on the whole endpoint: a HELP text for every meter
 * (Netty's come without), no double quotes in HELP (the text format cannot escape them, and one
 * Micrometer description has them), no {@code _count} suffix on a gauge, CPU time in seconds
 * instead of nanoseconds ({@link ProcessCpu} registers it), label names in snake case (gRPC's
 * {@code methodType} becomes {@code method_type}), and no summary with series that a summary cannot
 * have.
 */
public final class PrometheusConventions implements MeterFilter {
  /**
   * CPU time in nanoseconds (replaced by {@link ProcessCpu}), and Vert.x's open-connection timer,
   * whose {@code _active_count} and {@code _duration_sum} series no Prometheus summary may carry
   * ({@code http_server_active_requests} and {@code http_server_requests_seconds} stay).
   */
  private static final Set<String> DROPPED = Set.of("process.cpu.time", "http.server.connections");

  private static final Map<String, String> HELP =
      Map.of(
          "http.server.active.requests", "HTTP requests being served now",
          "netty.allocator.memory.pinned", "Bytes Netty's allocator holds for buffers in use",
          "netty.allocator.memory.used", "Bytes Netty's allocator holds",
          "netty.allocator.pooled.arenas", "Arenas of Netty's pooled allocator",
          "netty.allocator.pooled.cache.size", "Cache size of Netty's pooled allocator",
          "netty.allocator.pooled.chunk.size", "Chunk size of Netty's pooled allocator in bytes",
          "netty.allocator.pooled.threadlocal.caches", "Thread caches of Netty's pooled allocator",
          "netty.eventexecutor.tasks.pending", "Tasks waiting for a Netty event loop");

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return DROPPED.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String name = id.getName().equals("system.cpu.count") ? "system.cpus" : id.getName();
    String help = id.getDescription();
    if (help == null || help.isBlank()) {
      help = HELP.getOrDefault(name, name.replace('.', ' '));
    }
    help = help.replace('"', '\'');
    List<Tag> tags = new ArrayList<>();
    for (Tag t : id.getTags()) {
      tags.add(Tag.of(snakeCase(t.getKey()), t.getValue()));
    }
    if (name.equals(id.getName())
        && help.equals(id.getDescription())
        && tags.equals(id.getTags())) {
      return id;
    }
    return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), help, id.getType());
  }

  /** {@code methodType} as {@code method_type}: gRPC's meters tag in camel case. */
  static String snakeCase(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
