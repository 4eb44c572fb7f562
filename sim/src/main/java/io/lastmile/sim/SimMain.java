package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.data.AzureRtt;
import io.lastmile.sim.data.Csv;
import io.lastmile.sim.data.GpuMeasurement;
import io.lastmile.sim.data.LlmTrace;
import io.lastmile.sim.data.MlperfPower;
import io.lastmile.sim.policy.LastmileDefaults;
import io.lastmile.sim.policy.Policies;
import io.lastmile.sim.policy.Policy;
import io.lastmile.sim.report.Report;
import io.lastmile.sim.report.SvgChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Runs one evaluation: loads the datasets, builds the fleet and the workload, simulates every
 * policy on the same inputs, computes the offline bounds and writes the report. Progress goes to
 * standard error, the report's file names to standard output.
 */
public final class SimMain {
  static final String TRACE = "workload_azure_llm_inference_2023/AzureLLMInferenceTrace_conv.csv";
  static final String RTT =
      "network_latency_azure_interregion/azure_interregion_rtt_p95_ms_matrix.csv";
  static final String MLPERF =
      "gpu_power_mlperf_power_results/data_cleaned_inference_datacenter.csv";

  private SimMain() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(Options.HELP);
      return;
    }
    try {
      run(Options.parse(List.of(args)));
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      System.err.println("lastmile-sim: " + e.getMessage());
      System.exit(2);
    }
  }

  static void run(Options o) {
    long t0 = System.nanoTime();
    log("loading %s prices and the public datasets from %s", o.dataset(), o.data());
    Dataset ds = Dataset.load(o.dataset(), o.data(), o.sites());
    AzureRtt rtt = AzureRtt.of(Csv.read(o.data().resolve(RTT)));
    GpuMeasurement gpu =
        MlperfPower.read(Csv.read(o.data().resolve(MLPERF)), "llama2-70b", o.gpu());
    List<LlmTrace.Request> trace = LlmTrace.read(Csv.read(o.data().resolve(TRACE)));
    List<String> origins =
        new ArrayList<>(new LinkedHashSet<>(ds.sites().stream().map(Site::region).toList()));
    for (String region : origins) {
      if (!rtt.knows(region)) {
        throw new IllegalArgumentException(
            "azure_region '%s' is not in the RTT matrix %s".formatted(region, RTT));
      }
    }
    Fleet fleet =
        new Fleet(
            ds.sites(),
            o.nodesPerSite(),
            o.gpusPerNode(),
            "NVIDIA " + gpu.model(),
            gpu.wattsPerGpu(),
            Fleet.latency(origins, rtt::rttMs));
    WorkloadModel model =
        new WorkloadModel(
            origins,
            o.interactiveShare(),
            o.batchShare(),
            o.rttMs(),
            o.deadline(),
            o.scale(),
            o.seed());
    List<SimJob> jobs = model.jobs(trace, gpu, o.start(), o.end());
    log(
        "%,d jobs from %,d trace requests per hour over %d days",
        jobs.size(), trace.size(), o.days());
    PriceHorizon horizon = new PriceHorizon(ds.prices(), ds.currency(), ds.ratesToBase(), 12);
    Accounting accounting = new Accounting(horizon.settled(), gpu.wattsPerGpu());
    LastmileDefaults defaults = LastmileDefaults.load();
    List<Policy> policies = Policies.all(defaults);
    List<Simulation.Run> runs = new ArrayList<>();
    for (Policy p : policies) {
      Simulation.Run run =
          new Simulation(p, fleet, horizon, accounting).run(jobs, o.start(), SimMain::progress);
      log("%s: done in %.1f s, %,d decisions", p.name(), run.wallMs() / 1000.0, run.decisions());
      runs.add(run);
    }
    OfflineBound.Result bound =
        OfflineBound.of(jobs, fleet, accounting, defaults.deadlineMargin(), runs);
    double wallS = (System.nanoTime() - t0) / 1e9;
    List<Summary> summaries =
        runs.stream().map(r -> Summary.of(r, jobs, fleet.sites().size())).toList();
    write(o, ds, fleet, gpu, jobs, trace.size(), policies, runs, summaries, bound, wallS);
  }

  private static void write(
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
    String base = "%s-%s".formatted(o.dataset(), o.from());
    Summary nearest = summaries.get(0);
    Summary lastmile = summaries.get(summaries.size() - 1);
    String cur = ds.currency();
    Report r =
        new Report("Evaluation: %s prices, %s, %d days".formatted(o.dataset(), o.from(), o.days()));
    r.paragraph(
        String.format(
            Locale.ROOT,
            "**Lastmile's energy cost is %s than nearest-region's at %.2f%% latency-bound"
                + " attainment, and %s above the offline bound that keeps every latency bound**"
                + " (%,.2f %s against %,.2f %s and %,.2f %s; the bound over any site, ignoring"
                + " latency bounds, is %,.2f %s).",
            Report.lowerOrHigher(lastmile.cost(), nearest.cost()),
            lastmile.attainment() * 100,
            Report.change(lastmile.cost(), bound.withinBounds()).replace("+", ""),
            lastmile.cost(),
            cur,
            nearest.cost(),
            cur,
            bound.withinBounds(),
            cur,
            bound.anySite(),
            cur));
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
    r.sites(ds.sites(), ds.meanPrices(o.start(), o.end()), cur);
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
    r.heading("Results");
    r.results(summaries, nearest, cur);
    r.costByClass(summaries, cur);
    r.paragraph(
        String.format(
            Locale.ROOT,
            "Offline lower bounds (capacity ignored, each job once at its cheapest site and start"
                + " in its window): %,.2f %s within every latency bound (%,.1f kWh), %,.2f %s at any"
                + " site. Lastmile is %s above the first.",
            bound.withinBounds(),
            cur,
            bound.siteWhWithinBounds() / 1000,
            bound.anySite(),
            cur,
            Report.change(lastmile.cost(), bound.withinBounds()).replace("+", "")));
    r.image("energy cost per day", base + "-cost.svg");
    r.image("jobs per site", base + "-placements.svg");
    List<SvgChart.Series> daily = new ArrayList<>();
    for (Simulation.Run run : runs) {
      daily.add(new SvgChart.Series(run.policy(), Arrays.copyOf(run.costByDay(), o.days())));
    }
    try {
      Files.createDirectories(o.out());
      Files.writeString(o.out().resolve(base + ".md"), r.toString());
      Files.writeString(
          o.out().resolve(base + "-cost.svg"),
          SvgChart.lines("Energy cost per day (by day of start)", "day", cur, daily));
      Files.writeString(
          o.out().resolve(base + "-placements.svg"), Report.placementsChart(ds.sites(), summaries));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + o.out(), e);
    }
    System.out.println(o.out().resolve(base + ".md"));
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

  private static void progress(String line) {
    System.err.println("  " + line);
  }

  private static void log(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
