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
    CapacityBound.Result capacityBound,
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
                + " attainment; %s** (Lastmile %,.2f %s, nearest-region %,.2f %s).",
            Report.lowerOrHigher(lastmile().cost(), nearest().cost()),
            lastmile().attainment() * 100,
            capacityHeadline(),
            lastmile().cost(),
            ds.currency(),
            nearest().cost(),
            ds.currency()));
  }

  private String capacityHeadline() {
    if (Double.isNaN(capacityBound.cost())) {
      return "the workload does not fit the fleet within its windows, so there is no offline"
          + " bound within capacity";
    }
    return String.format(
        Locale.ROOT,
        "the offline bound within capacity and latency bounds is %s than nearest-region's, and"
            + " Lastmile is %s above it, reaching %.0f%% of the reduction it allows",
        Report.lowerOrHigher(capacityBound.cost(), nearest().cost()),
        Report.change(lastmile().cost(), capacityBound.cost()).replace("+", ""),
        share());
  }

  /** Lastmile's reduction against nearest-region as a share of the capacity bound's, in %. */
  private double share() {
    return (nearest().cost() - lastmile().cost()) / (nearest().cost() - capacityBound.cost()) * 100;
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
    r.paragraph(capacityBoundText());
    r.paragraph(
        String.format(
            Locale.ROOT,
            "Offline lower bounds ignoring capacity (each job once at its cheapest site and start"
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

  private String capacityBoundText() {
    String what =
        "Offline bound within capacity and latency bounds (each site's GPUs for each hour;"
            + " latency-critical work starting at submission at sites within its bound, deferrable"
            + " work up to its deadline less the margin, interruptible work up to %s after"
            + " submission, each window widened to the latest start any policy gave the job; a"
            + " job's GPU time may split across the hours its run could touch and across sites, so"
            + " this is a relaxation, found exactly as a min-cost flow over %,d groups): ";
    String prefix =
        String.format(Locale.ROOT, what, minutes(o.boundSlack()), capacityBound.groups());
    if (Double.isNaN(capacityBound.cost())) {
      return prefix
          + String.format(
              Locale.ROOT,
              "none, %,.1f GPU-hours of work have no room in their windows.",
              capacityBound.unplacedMs() / 3.6e6);
    }
    return prefix
        + String.format(
            Locale.ROOT,
            "%,.2f %s (%,.1f kWh; latency-critical %,.2f, deferrable %,.2f, interruptible %,.2f),"
                + " %s nearest-region's. Lastmile is %s above it and reaches %.0f%% of the"
                + " reduction it allows.",
            capacityBound.cost(),
            ds.currency(),
            capacityBound.siteWh() / 1000,
            capacityBound.costByClass()[JobClass.LATENCY_CRITICAL.ordinal()],
            capacityBound.costByClass()[JobClass.DEFERRABLE.ordinal()],
            capacityBound.costByClass()[JobClass.INTERRUPTIBLE.ordinal()],
            Report.lowerOrHigher(capacityBound.cost(), nearest().cost())
                .replace("lower", "below")
                .replace("higher", "above"),
            Report.change(lastmile().cost(), capacityBound.cost()).replace("+", ""),
            share());
  }

  private static String minutes(java.time.Duration d) {
    return d.toMinutes() + " min";
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
