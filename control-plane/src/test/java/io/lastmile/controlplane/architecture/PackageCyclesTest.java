package io.lastmile.controlplane.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The control plane's packages depend on each other without cycles, so each can be read, tested and
 * changed from the bottom up.
 *
 * <p>A node of the graph is a package directly under {@code io.lastmile.controlplane} together with
 * its sub-packages ({@code scheduler.filter} counts as {@code scheduler}, {@code api.rest} as
 * {@code api}): sub-packages are a package's own inside, and the scheduler's plugins and engine are
 * meant to know each other. An edge is an import or a fully qualified name in the code (not the
 * comments) of a main source file.
 */
class PackageCyclesTest {
  static final Path MAIN = Path.of("src/main/java/io/lastmile/controlplane");
  private static final Pattern REFERENCE =
      Pattern.compile("\\bio\\.lastmile\\.controlplane\\.([a-z][a-z0-9_]*)\\.");

  /**
   * Edges that close a cycle today and go through code being restructured elsewhere, each with the
   * reason. Remove an entry once its edge is gone; the test fails on an entry that is no longer
   * needed, so the list only shrinks.
   */
  static final Map<String, String> KNOWN = Map.of();

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    Map<String, Map<String, Set<String>>> graph = graph();
    KNOWN.keySet().forEach(edge -> remove(graph, edge));

    assertThat(cycles(graph)).as("package cycles (with the files behind each edge)").isEmpty();
  }

  @Test
  void everyKnownCycleEdgeStillExists() {
    Map<String, Map<String, Set<String>>> graph = graph();
    for (String edge : KNOWN.keySet()) {
      String[] ends = edge.split(" -> ");
      assertThat(graph.getOrDefault(ends[0], Map.of()))
          .as("%s is gone: remove it from KNOWN", edge)
          .containsKey(ends[1]);
    }
  }

  /** Package → package it depends on → the files that make the dependency. */
  static Map<String, Map<String, Set<String>>> graph() {
    Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = MAIN.relativize(file);
        if (relative.getNameCount() < 2) {
          continue;
        }
        String from = relative.getName(0).toString();
        Map<String, Set<String>> out = graph.computeIfAbsent(from, p -> new TreeMap<>());
        Matcher m = REFERENCE.matcher(code(Files.readString(file)));
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            out.computeIfAbsent(m.group(1), p -> new TreeSet<>())
                .add(relative.getFileName().toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** The source without its package line and comments: a Javadoc link is no dependency. */
  private static String code(String source) {
    return source
        .replaceFirst("(?m)^package [^;]+;", "")
        .replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("(?m)//.*$", "");
  }

  private static void remove(Map<String, Map<String, Set<String>>> graph, String edge) {
    String[] ends = edge.split(" -> ");
    graph.getOrDefault(ends[0], new TreeMap<>()).remove(ends[1]);
  }

  /** One cycle per package that lies on one, written as {@code a -> b [Files] -> a}. */
  static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
    List<String> found = new ArrayList<>();
    Set<String> reported = new TreeSet<>();
    for (String start : graph.keySet()) {
      if (reported.contains(start)) {
        continue;
      }
      List<String> path = shortestPath(graph, start);
      if (!path.isEmpty()) {
        reported.addAll(path);
        StringBuilder text = new StringBuilder(start);
        for (int i = 1; i < path.size(); i++) {
          text.append(" -> ")
              .append(path.get(i))
              .append(" ")
              .append(graph.get(path.get(i - 1)).get(path.get(i)));
        }
        found.add(text.toString());
      }
    }
    return found;
  }

  /** The shortest walk from {@code start} back to itself, or empty when there is none. */
  private static List<String> shortestPath(
      Map<String, Map<String, Set<String>>> graph, String start) {
    Map<String, String> cameFrom = new TreeMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      for (String next : graph.getOrDefault(at, Map.of()).keySet()) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>(List.of(start));
          for (String p = at; !p.equals(start); p = cameFrom.get(p)) {
            path.add(1, p);
          }
          path.add(start);
          return path;
        }
        if (!cameFrom.containsKey(next)) {
          cameFrom.put(next, at);
          queue.add(next);
        }
      }
    }
    return List.of();
  }
}
