package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct hardware profiles and label sets of a fleet's nodes, numbered in order of first
 * appearance. Fleets are built from a few kinds of machine, so a decision can judge a job against
 * each profile or label set once and read the answer per node by number (see {@link
 * NodeColumns#hardware} and {@link NodeColumns#labelSet}), instead of reading every node's labels
 * and GPU list.
 *
 * <p>Immutable and persistent: {@link #with} copies the tables only when a node brings a profile or
 * label set not seen before.
 */
final class NodeProfiles {
  /** The facts of a node that only its registration changes, apart from its name and place. */
  record Hardware(List<Gpu> gpus, double pue, double sitePowerCapKw) {
    record Gpu(String model, double powerLimitW) {}

    static Hardware of(NodeInfo info) {
      List<Gpu> gpus = new ArrayList<>(info.gpus().size());
      for (GpuDevice gpu : info.gpus()) {
        gpus.add(new Gpu(gpu.model(), gpu.powerLimitW()));
      }
      return new Hardware(List.copyOf(gpus), info.pue(), info.sitePowerCapKw());
    }

    /** The model of every GPU; null when there is none or the models differ. */
    String singleModel() {
      String model = gpus.isEmpty() ? null : gpus.get(0).model();
      for (Gpu gpu : gpus) {
        if (!gpu.model().equals(model)) {
          return null;
        }
      }
      return model;
    }
  }

  private final Map<Hardware, Integer> hardwareIds;
  private final Hardware[] hardware;
  private final NodeInfo[] sample;
  private final int[] gpuCount;
  private final String[] model;
  private final int[] modelId;
  private final int models;
  private final double[] pue;
  private final double[] capKw;
  private final double[] maxGpuPowerLimitW;
  private final boolean[] everyGpuReportsPower;
  private final Map<Map<String, String>, Integer> labelIds;
  private final List<Map<String, String>> labelSets;

  private NodeProfiles(
      Map<Hardware, Integer> hardwareIds,
      Hardware[] hardware,
      NodeInfo[] sample,
      Map<Map<String, String>, Integer> labelIds,
      List<Map<String, String>> labelSets) {
    this.hardwareIds = hardwareIds;
    this.hardware = hardware;
    this.sample = sample;
    this.labelIds = labelIds;
    this.labelSets = labelSets;
    int n = hardware.length;
    gpuCount = new int[n];
    model = new String[n];
    pue = new double[n];
    capKw = new double[n];
    maxGpuPowerLimitW = new double[n];
    everyGpuReportsPower = new boolean[n];
    modelId = new int[n];
    Map<String, Integer> modelIds = new HashMap<>();
    for (int h = 0; h < n; h++) {
      Hardware hw = hardware[h];
      gpuCount[h] = hw.gpus().size();
      model[h] = hw.singleModel();
      modelId[h] = model[h] == null ? -1 : modelIds.computeIfAbsent(model[h], m -> modelIds.size());
      pue[h] = hw.pue();
      capKw[h] = hw.sitePowerCapKw();
      boolean every = !hw.gpus().isEmpty();
      double max = 0;
      for (Hardware.Gpu gpu : hw.gpus()) {
        max = Math.max(max, gpu.powerLimitW());
        every &= gpu.powerLimitW() > 0;
      }
      maxGpuPowerLimitW[h] = max;
      everyGpuReportsPower[h] = every;
    }
    models = modelIds.size();
  }

  static NodeProfiles of(NodeSnapshot[] nodes) {
    Map<Hardware, Integer> hardwareIds = new HashMap<>();
    List<NodeInfo> samples = new ArrayList<>();
    Map<Map<String, String>, Integer> labelIds = new HashMap<>();
    List<Map<String, String>> labelSets = new ArrayList<>();
    for (NodeSnapshot n : nodes) {
      if (hardwareIds.putIfAbsent(Hardware.of(n.info()), samples.size()) == null) {
        samples.add(n.info());
      }
      if (labelIds.putIfAbsent(n.info().labels(), labelSets.size()) == null) {
        labelSets.add(n.info().labels());
      }
    }
    return build(hardwareIds, samples, labelIds, labelSets);
  }

  private static NodeProfiles build(
      Map<Hardware, Integer> hardwareIds,
      List<NodeInfo> samples,
      Map<Map<String, String>, Integer> labelIds,
      List<Map<String, String>> labelSets) {
    Hardware[] hardware = new Hardware[samples.size()];
    hardwareIds.forEach((hw, h) -> hardware[h] = hw);
    return new NodeProfiles(
        hardwareIds, hardware, samples.toArray(NodeInfo[]::new), labelIds, List.copyOf(labelSets));
  }

  /** These tables with the profile and label set of {@code info}; this when both are known. */
  NodeProfiles with(NodeInfo info) {
    Hardware hw = Hardware.of(info);
    boolean newHardware = !hardwareIds.containsKey(hw);
    boolean newLabels = !labelIds.containsKey(info.labels());
    if (!newHardware && !newLabels) {
      return this;
    }
    Map<Hardware, Integer> hardwareIds = new HashMap<>(this.hardwareIds);
    List<NodeInfo> samples = new ArrayList<>(Arrays.asList(sample));
    if (newHardware) {
      hardwareIds.put(hw, samples.size());
      samples.add(info);
    }
    Map<Map<String, String>, Integer> labelIds = new HashMap<>(this.labelIds);
    List<Map<String, String>> labelSets = new ArrayList<>(this.labelSets);
    if (newLabels) {
      labelIds.put(info.labels(), labelSets.size());
      labelSets.add(info.labels());
    }
    return build(hardwareIds, samples, labelIds, labelSets);
  }

  int hardwareId(NodeInfo info) {
    return hardwareIds.get(Hardware.of(info));
  }

  int labelSetId(NodeInfo info) {
    return labelIds.get(info.labels());
  }

  int hardwareCount() {
    return hardware.length;
  }

  int labelSetCount() {
    return labelSets.size();
  }

  Map<String, String> labels(int labelSet) {
    return labelSets.get(labelSet);
  }

  /** A node of the profile, for facts derived from the GPU list (such as a power estimate). */
  NodeInfo sample(int h) {
    return sample[h];
  }

  int gpuCount(int h) {
    return gpuCount[h];
  }

  String model(int h) {
    return model[h];
  }

  /** Number of the single model of profile {@code h} among the fleet's models; -1 for none. */
  int modelId(int h) {
    return modelId[h];
  }

  int modelCount() {
    return models;
  }

  double pue(int h) {
    return pue[h];
  }

  double sitePowerCapKw(int h) {
    return capKw[h];
  }

  double maxGpuPowerLimitW(int h) {
    return maxGpuPowerLimitW[h];
  }

  boolean everyGpuReportsPower(int h) {
    return everyGpuReportsPower[h];
  }
}
