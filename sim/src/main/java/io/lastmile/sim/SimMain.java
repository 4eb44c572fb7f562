package io.lastmile.sim;

import io.lastmile.sim.data.AzureRtt;
import io.lastmile.sim.data.Csv;
import io.lastmile.sim.data.GpuMeasurement;
import io.lastmile.sim.data.LlmTrace;
import io.lastmile.sim.data.MlperfPower;
import io.lastmile.sim.policy.LastmileDefaults;
import io.lastmile.sim.policy.Policies;
import io.lastmile.sim.policy.Policy;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    long b0 = System.nanoTime();
    CapacityBound.Result capacityBound =
        CapacityBound.of(jobs, fleet, accounting, defaults.deadlineMargin(), o.boundSlack(), runs);
    log(
        "offline bound within capacity: %,d groups, %.1f s",
        capacityBound.groups(), (System.nanoTime() - b0) / 1e9);
    double wallS = (System.nanoTime() - t0) / 1e9;
    List<Summary> summaries =
        runs.stream().map(r -> Summary.of(r, jobs, fleet.sites().size())).toList();
    new EvaluationReport(
            o,
            ds,
            fleet,
            gpu,
            jobs,
            trace.size(),
            policies,
            runs,
            summaries,
            bound,
            capacityBound,
            wallS)
        .write();
  }

  private static void progress(String line) {
    System.err.println("  " + line);
  }

  private static void log(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
