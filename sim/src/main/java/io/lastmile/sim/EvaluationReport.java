package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.data.GpuMeasurement;
import io.lastmile.sim.policy.Policy;
import io.lastmile.sim.report.Report;
import io.lastmile.sim.report.SvgChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown report of one evaluation ({@code <dataset>-<from>.md}) with its two plots: headline,
 * the command that reproduces it, setup, policies, results, cost per class, offline bounds.
 */
record EvaluationReport(
    Options o,
    Dataset ds,
    Fleet fleet,
    GpuMeasurement gpu,
    List<SimJob> jobs,
    int requestsPerHour,
    List<Policy> policies,
    List<Simulation.Run> runs,
    List<Summary> summaries,
    OfflineBound.Result bound,
    double wallS) {

  private String base() {
    return "%s-%s".formatted(o.dataset(), o.from());
  }

  private Summary nearest() {
    return summaries.get(0);
  }

  private Summary lastmile() {
    return summaries.get(summaries.size() - 1);
  }

  /** Writes the report and its plots into the output folder and prints the report's path. */
  void write() {
    Report r =
        new Report("Evaluation: %s prices, %s, %d days".formatted(o.dataset(), o.from(), o.days()));
    headline(r);
    setup(r);
    results(r);
    files(r);
  }

  private void headline(Report r) {
    r.paragraph(
        String.format(
            Locale.ROOT,
            "**Lastmile's energy cost is %s than nearest-region's at %.2f%% latency-bound"
                + " attainment, and %s above the offline bound that keeps every latency bound**"
                + " (%,.2f %s against %,.2f %s and %,.2f %s; the bound over any site, ignoring"
                + " latency bounds, is %,.2f %s).",
            Report.lowerOrHigher(lastmile().cost(), nearest().cost()),
            lastmile().attainment() * 100,
            Report.change(lastmile().cost(), bound.withinBounds()).replace("+", ""),
            lastmile().cost(),
            ds.currency(),
            nearest().cost(),
            ds.currency(),
            bound.withinBounds(),
            ds.currency(),
            bound.anySite(),
            ds.currency()));
  }

  private void setup(Report r) {
    r.heading("Reproduce");
    r.code(
        "./mvnw -B -q -pl sim -am package -DskipTests -Dquarkus.build.skip=true\n"
            + "java -jar sim/target/lastmile-sim.jar "
            + o.arguments());
    r.paragraph(
        String.format(
            Locale.ROOT,
            "Wall time %.1f s for %,d jobs and %d policies (Java %s, %d CPUs).",
            wallS,
            jobs.size(),
            policies.size(),
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors()));
    r.heading("Setup");
    r.sites(ds.sites(), ds.meanPrices(o.start(), o.end()), ds.currency());
    r.paragraph(
        String.format(
            Locale.ROOT,
            "Fleet: %d node(s) of %d GPUs per site, %d GPUs in all. GPU: %s. Workload: the trace's"
                + " %,d requests replayed every hour, scale %s, %s; %s.",
            o.nodesPerSite(),
            o.gpusPerNode(),
            fleet.totalGpus(),
            gpu.describe(),
            requestsPerHour,
            o.scale(),
            classes(jobs),
            "latency-critical bound %s ms, deferrable deadline %d min after submission, seed %d"
                .formatted(o.rttMs(), o.deadline().toMinutes(), o.seed())));
    r.heading("Policies");
    StringBuilder list = new StringBuilder();
    for (Policy p : policies) {
      list.append("- **").append(p.name()).append("**: ").append(p.description()).append('\n');
    }
    r.paragraph(list.toString().strip());
  }

  private void results(Report r) {
    r.heading("Results");
    r.results(summaries, nearest(), ds.currency());
    r.costByClass(summaries, ds.currency());
    r.paragraph(
        String.format(
            Locale.ROOT,
            "Offline lower bounds (capacity ignored, each job once at its cheapest site and start"
                + " in its window): %,.2f %s within every latency bound (%,.1f kWh), %,.2f %s at any"
                + " site. Lastmile is %s above the first.",
            bound.withinBounds(),
            ds.currency(),
            bound.siteWhWithinBounds() / 1000,
            bound.anySite(),
            ds.currency(),
            Report.change(lastmile().cost(), bound.withinBounds()).replace("+", "")));
    r.image("energy cost per day", base() + "-cost.svg");
    r.image("jobs per site", base() + "-placements.svg");
  }

  private void files(Report r) {
    List<SvgChart.Series> daily = new ArrayList<>();
    for (Simulation.Run run : runs) {
      daily.add(new SvgChart.Series(run.policy(), Arrays.copyOf(run.costByDay(), o.days())));
    }
    try {
      Files.createDirectories(o.out());
      Files.writeString(o.out().resolve(base() + ".md"), r.toString());
      Files.writeString(
          o.out().resolve(base() + "-cost.svg"),
          SvgChart.lines("Energy cost per day (by day of start)", "day", ds.currency(), daily));
      Files.writeString(
          o.out().resolve(base() + "-placements.svg"),
          Report.placementsChart(ds.sites(), summaries));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + o.out(), e);
    }
    System.out.println(o.out().resolve(base() + ".md"));
    System.err.print(
        r.toString()
            .lines()
            .filter(l -> l.startsWith("|"))
            .map(l -> l + "\n")
            .reduce("", String::concat));
  }

  private static String classes(List<SimJob> jobs) {
    long[] count = new long[JobClass.values().length];
    long[] requests = new long[count.length];
    for (SimJob j : jobs) {
      count[j.jobClass().ordinal()]++;
      requests[j.jobClass().ordinal()] += j.requests();
    }
    List<String> parts = new ArrayList<>();
    for (JobClass c : JobClass.values()) {
      if (count[c.ordinal()] > 0) {
        parts.add(
            String.format(
                Locale.ROOT,
                "%,d %s jobs (%,d requests)",
                count[c.ordinal()],
                c.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                requests[c.ordinal()]));
      }
    }
    return String.join(", ", parts);
  }
}
