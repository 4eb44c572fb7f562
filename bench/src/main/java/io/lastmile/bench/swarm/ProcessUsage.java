package io.lastmile.bench.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and resident memory of a process, from Linux's {@code /proc}. CPU time is in clock ticks
 * of 10 ms ({@code getconf CLK_TCK} is 100 on Linux).
 *
 * @param cpuMillis user and system CPU time so far
 * @param rssKiB resident set size now (VmRSS)
 */
record ProcessUsage(long cpuMillis, long rssKiB) {
  private static final long MILLIS_PER_TICK = 10;

  /** The usage of process {@code pid} ("self" for this one), or empty where /proc cannot say. */
  static Optional<ProcessUsage> of(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the command: state is field 3 of stat(5); utime and stime are fields 14 and 15.
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      long rss =
          Files.readAllLines(Path.of("/proc", pid, "status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0L);
      return Optional.of(new ProcessUsage(ticks * MILLIS_PER_TICK, rss));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
