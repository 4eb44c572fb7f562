package io.lastmile.sim.data;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads MLPerf Inference power results ({@code data_cleaned_inference_datacenter.csv}): for one
 * benchmark (for example {@code llama2-70b}) and one accelerator (a substring of {@code
 * accelerator_model_name}, for example {@code H100-SXM}), pairs each submission's throughput row
 * ({@code Units} {@code Tokens/s}) with its power row ({@code Watts}, {@code System Power (W)} or
 * {@code Power (W)}) per scenario, divides both by {@code Total Accelerators}, and averages over
 * submissions.
 */
public final class MlperfPower {
  private MlperfPower() {}

  public static GpuMeasurement read(Csv csv, String benchmark, String accelerator) {
    int id = csv.column("Public ID");
    int model = csv.column("Model MLC");
    int scenario = csv.column("Scenario");
    int result = csv.column("Result");
    int units = csv.column("Units");
    int gpus = csv.column("Total Accelerators");
    int name = csv.column("accelerator_model_name");
    Map<String, double[]> runs = new HashMap<>();
    for (int r = 0; r < csv.size(); r++) {
      if (!csv.text(r, model).startsWith(benchmark)
          || !csv.text(r, name).toLowerCase(Locale.ROOT).contains(accel(accelerator))) {
        continue;
      }
      String key = csv.text(r, id) + "|" + csv.text(r, model) + "|" + csv.text(r, scenario);
      double[] run = runs.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN});
      double perGpu = csv.number(r, result) / csv.number(r, gpus);
      String unit = csv.text(r, units).toLowerCase(Locale.ROOT);
      if (unit.equals("tokens/s")) {
        run[0] = perGpu;
      } else if (unit.equals("watts")
          || unit.startsWith("system power")
          || unit.equals("power (w)")) {
        run[1] = perGpu;
      }
    }
    double[] offline = mean(runs, "Offline");
    double[] server = mean(runs, "Server");
    if (offline[2] == 0 || server[2] == 0) {
      throw new IllegalArgumentException(
          "%s: no %s results with tokens/s and power for an accelerator named like '%s' in both"
                  .formatted(csv.source(), benchmark, accelerator)
              + " the Offline and Server scenarios; submissions found: "
              + new TreeSet<>(runs.keySet()));
    }
    double watts = (offline[1] * offline[2] + server[1] * server[2]) / (offline[2] + server[2]);
    return new GpuMeasurement(
        accelerator,
        watts,
        offline[0],
        server[0],
        String.format(
            Locale.ROOT,
            "MLPerf Inference %s, mean of %d Offline and %d Server submissions",
            benchmark,
            (int) offline[2],
            (int) server[2]));
  }

  /** Mean tokens/s, mean watts and the number of complete runs of one scenario. */
  private static double[] mean(Map<String, double[]> runs, String scenario) {
    double tokens = 0;
    double watts = 0;
    int n = 0;
    for (Map.Entry<String, double[]> e : runs.entrySet()) {
      double[] run = e.getValue();
      if (e.getKey().endsWith("|" + scenario) && !Double.isNaN(run[0]) && !Double.isNaN(run[1])) {
        tokens += run[0];
        watts += run[1];
        n++;
      }
    }
    return n == 0 ? new double[] {0, 0, 0} : new double[] {tokens / n, watts / n, n};
  }

  private static String accel(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
