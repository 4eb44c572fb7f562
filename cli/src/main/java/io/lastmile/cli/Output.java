package io.lastmile.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.lastmile.api.v1.Candidate;
import io.lastmile.api.v1.ExplainJobResponse;
import io.lastmile.api.v1.HourlyPrice;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.Node;
import io.lastmile.api.v1.PrintableText;
import io.lastmile.api.v1.RegionPrices;
import io.lastmile.api.v1.Rejection;
import io.lastmile.api.v1.ScoreComponent;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints API results as aligned tables or as JSON (the proto's canonical JSON mapping). */
final class Output {
  private final PrintWriter out;
  private final ClientOptions.Format format;

  Output(PrintWriter out, ClientOptions.Format format) {
    this.out = out;
    this.format = format;
  }

  void jobs(List<Job> jobs) {
    if (format == ClientOptions.Format.json) {
      jobs.forEach(this::json);
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "ID", "STATE", "CLASS", "NODE", "REGION", "EXIT", "ENERGY_WH", "COST", "MESSAGE"
        });
    for (Job j : jobs) {
      rows.add(
          new String[] {
            j.getId(),
            j.getState().name().replace("JOB_STATE_", ""),
            j.getSpec().getJobClass().name().replace("JOB_CLASS_", ""),
            j.getNodeId().isEmpty() ? "-" : j.getNodeId(),
            j.getNodeRegion().isEmpty() ? "-" : j.getNodeRegion(),
            j.getHasExitCode() ? Integer.toString(j.getExitCode()) : "-",
            String.format(Locale.ROOT, "%.3f", j.getEnergyWh()),
            j.getCurrency().isEmpty()
                ? "-"
                : String.format(Locale.ROOT, "%.6f %s", j.getCost(), j.getCurrency()),
            j.getMessage()
          });
    }
    table(rows);
  }

  /** In the table format, the last lines the job's last finished attempt printed, if any. */
  void logTail(Job job) {
    if (format == ClientOptions.Format.json || job.getLogTail().isEmpty()) {
      return;
    }
    out.println();
    out.println("Last output of " + job.getAttemptId() + ":");
    String tail = PrintableText.escapeKeepingLines(job.getLogTail());
    out.print(tail);
    if (!tail.endsWith("\n")) {
      out.println();
    }
    out.flush();
  }

  void nodes(List<Node> nodes) {
    if (format == ClientOptions.Format.json) {
      nodes.forEach(this::json);
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "NODE", "REGION", "STATE", "GPUS_FREE", "POWER_W", "JOBS", "GPU_MODELS", "AGENT"
        });
    for (Node n : nodes) {
      rows.add(
          new String[] {
            n.getId(),
            n.getRegion(),
            n.getState().name().replace("NODE_STATE_", "")
                + (n.getConnected() ? "" : " (disconnected)"),
            n.getGpuFree() + "/" + n.getGpuTotal(),
            String.format(Locale.ROOT, "%.0f", n.getPowerDrawW()),
            Integer.toString(n.getAttemptCount()),
            String.join(",", n.getGpuModelsList()),
            n.getAgentVersion().isEmpty() ? "-" : n.getAgentVersion()
          });
    }
    table(rows);
  }

  void orphans(List<io.lastmile.api.v1.OrphanResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ATTEMPT", "NODE", "STATE", "EXIT", "LAST_REPORTED", "MESSAGE"});
    for (io.lastmile.api.v1.OrphanResult o : results) {
      rows.add(
          new String[] {
            o.getAttemptId(),
            o.getNodeId(),
            o.getState().name().replace("ATTEMPT_STATE_", ""),
            o.getHasExitCode() ? Integer.toString(o.getExitCode()) : "-",
            Instant.ofEpochSecond(o.getLastReported().getSeconds()).toString(),
            o.getMessage()
          });
    }
    table(rows);
  }

  /** One row per region, one column per hour (UTC). */
  void prices(List<RegionPrices> regions) {
    int columns = regions.stream().mapToInt(RegionPrices::getHoursCount).max().orElse(0);
    List<String> header = new ArrayList<>(List.of("REGION", "ZONE", "CURRENCY"));
    regions.stream()
        .filter(r -> r.getHoursCount() == columns)
        .findFirst()
        .ifPresent(r -> r.getHoursList().forEach(h -> header.add(hour(h))));
    List<String[]> rows = new ArrayList<>();
    rows.add(header.toArray(String[]::new));
    for (RegionPrices r : regions) {
      List<String> row =
          new ArrayList<>(List.of(r.getRegion(), r.getMarketZone(), r.getCurrency()));
      r.getHoursList()
          .forEach(h -> row.add(String.format(Locale.ROOT, "%.2f", h.getPricePerMwh())));
      while (row.size() < header.size()) {
        row.add("-");
      }
      rows.add(row.toArray(String[]::new));
    }
    table(rows);
  }

  private static String hour(HourlyPrice h) {
    return "%02d:00"
        .formatted(
            Instant.ofEpochSecond(h.getHourStart().getSeconds()).atZone(ZoneOffset.UTC).getHour());
  }

  void explanation(ExplainJobResponse e) {
    if (format == ClientOptions.Format.json) {
      json(e);
      return;
    }
    out.printf(
        "%s (%s)%n%s%n",
        e.getJobId(),
        e.getState().name().replace("JOB_STATE_", ""),
        PrintableText.escape(e.getSummary()));
    if (e.getRejectionsCount() > 0) {
      out.println();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"REASON", "NODES", "CLOSEST"});
      for (Rejection r : e.getRejectionsList()) {
        rows.add(new String[] {r.getReason(), Integer.toString(r.getNodeCount()), r.getDetail()});
      }
      table(rows);
    }
    if (e.getCandidatesCount() > 0) {
      out.println();
      List<String[]> rows = new ArrayList<>();
      List<String> header = new ArrayList<>(List.of("NODE", "REGION", "SCORE"));
      e.getCandidates(0)
          .getComponentsList()
          .forEach(c -> header.add(c.getScorer().toUpperCase(Locale.ROOT)));
      rows.add(header.toArray(String[]::new));
      for (Candidate c : e.getCandidatesList()) {
        List<String> row =
            new ArrayList<>(List.of(c.getNodeId(), c.getRegion(), fmt(c.getTotalScore())));
        for (ScoreComponent s : c.getComponentsList()) {
          row.add(
              "%s %s -> %s x %s"
                  .formatted(
                      fmt(s.getRaw()), s.getUnit(), fmt(s.getNormalized()), fmt(s.getWeight())));
        }
        rows.add(row.toArray(String[]::new));
      }
      table(rows);
    }
    out.flush();
  }

  void json(MessageOrBuilder message) {
    try {
      out.println(JsonFormat.printer().print(message));
      out.flush();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints rows aligned; every cell escaped, so no value can move or hide another. */
  private void table(List<String[]> raw) {
    List<String[]> rows = new ArrayList<>();
    for (String[] row : raw) {
      String[] escaped = new String[row.length];
      for (int c = 0; c < row.length; c++) {
        escaped[c] = PrintableText.escape(row[c]);
      }
      rows.add(escaped);
    }
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        line.append(c == columns - 1 ? row[c] : String.format("%-" + (width[c] + 2) + "s", row[c]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** Two decimals; three significant digits below 0.01 (energy costs of short runs). */
  private static String fmt(double v) {
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    if (Math.abs(v) < 0.01) {
      return new java.math.BigDecimal(v)
          .round(new java.math.MathContext(3))
          .stripTrailingZeros()
          .toPlainString();
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
