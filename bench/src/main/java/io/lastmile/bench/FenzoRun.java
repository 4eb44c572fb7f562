package io.lastmile.bench;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.TaskTrackerState;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import com.netflix.fenzo.VirtualMachineCurrentState;
import com.netflix.fenzo.VirtualMachineLease;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mesos.Protos;

/**
 * The same placements done by Fenzo: one lease per node offering its free CPU, memory and GPUs (a
 * scalar resource), the job's jurisdiction, round trip, GPU memory and model, labels and site power
 * cap as one hard constraint, and a fitness of round trip, energy cost and packing with the same
 * weights. Fenzo scores each node on its own, so its fitness scales by fixed maxima where the
 * Lastmile scheduler normalises over the feasible set. After each scheduleOnce the hosts that got
 * work are offered again with what is left, as a resource manager would.
 */
final class FenzoRun {
  private static final String GPUS = "gpus";
  private static final double MAX_RTT_MS = 200;
  private static final double MAX_PRICE_PER_MWH = 300;
  private static final double MAX_PUE = 2;
  private static final double MAX_GPU_W = 700;

  private final SyntheticFleet fleet;
  private final Map<String, Host> hosts = new HashMap<>();
  private final Map<String, Double> weights;
  private final TaskScheduler scheduler;
  private final AtomicLong leaseIds = new AtomicLong();
  private List<VirtualMachineLease> offers = new ArrayList<>();

  record Result(int placed, long wallNs) {
    double placementsPerSecond() {
      return placed / (wallNs / 1e9);
    }
  }

  private static final class Host {
    final NodeInfo info;
    final int region;
    final int totalGpus;
    final long minGpuMemoryMiB;
    final double perGpuW;
    int freeGpus;
    double freeCpus;
    double freeMemoryMiB;

    Host(NodeInfo info, int region) {
      this.info = info;
      this.region = region;
      this.totalGpus = info.gpus().size();
      this.minGpuMemoryMiB =
          info.gpus().stream().mapToLong(GpuDevice::memoryFreeMiB).min().orElse(0);
      this.perGpuW = SchedulerBench.POWER.perGpuW(info);
      this.freeGpus = totalGpus;
      this.freeCpus = info.cpuMillis() / 1000.0;
      this.freeMemoryMiB = info.memoryMiB();
    }
  }

  FenzoRun(SyntheticFleet fleet, List<NodeSnapshot> nodes, Map<String, Double> weights) {
    this.fleet = fleet;
    this.weights = weights;
    for (NodeSnapshot n : nodes) {
      Host h = new Host(n.info(), fleet.regionIndex(n.info().region()));
      hosts.put(n.id(), h);
      offers.add(lease(n.id(), h));
    }
    this.scheduler =
        new TaskScheduler.Builder()
            .withLeaseOfferExpirySecs(1_000_000_000L)
            .withLeaseRejectAction(lease -> {})
            .withFitnessCalculator(new Fitness())
            .build();
  }

  Result place(List<SchedulingRequest> jobs, int batch) {
    int placed = 0;
    long start = System.nanoTime();
    for (int from = 0; from < jobs.size(); from += batch) {
      List<Task> tasks = new ArrayList<>();
      for (SchedulingRequest job : jobs.subList(from, Math.min(jobs.size(), from + batch))) {
        tasks.add(new Task(job, fleet));
      }
      SchedulingResult result = scheduler.scheduleOnce(tasks, offers);
      offers = new ArrayList<>();
      for (VMAssignmentResult vm : result.getResultMap().values()) {
        Host h = hosts.get(vm.getHostname());
        for (TaskAssignmentResult a : vm.getTasksAssigned()) {
          Task t = (Task) a.getRequest();
          scheduler.getTaskAssigner().call(t, vm.getHostname());
          h.freeGpus -= t.gpus;
          h.freeCpus -= t.getCPUs();
          h.freeMemoryMiB -= t.getMemory();
          placed++;
        }
        offers.add(lease(vm.getHostname(), h));
      }
    }
    long wall = System.nanoTime() - start;
    scheduler.shutdown();
    return new Result(placed, wall);
  }

  private Lease lease(String host, Host h) {
    return new Lease(
        "lease-" + leaseIds.incrementAndGet(), host, h.freeCpus, h.freeMemoryMiB, h.freeGpus);
  }

  /** Round trip, energy cost and packing, each scaled to [0, 1] by fixed maxima, then weighted. */
  private final class Fitness implements VMTaskFitnessCalculator {
    @Override
    public String getName() {
      return "lastmile-equivalent";
    }

    @Override
    public double calculateFitness(
        TaskRequest request, VirtualMachineCurrentState vm, TaskTrackerState tracker) {
      Task t = (Task) request;
      Host h = hosts.get(vm.getHostname());
      double rtt = t.origin < 0 ? 0 : fleet.rttMs[t.origin][h.region];
      double rttScore = 1 - Math.min(rtt, MAX_RTT_MS) / MAX_RTT_MS;
      double cost = t.gpus * h.perGpuW * t.hours * h.info.pue() * t.price(h.info.marketZone());
      double maxCost = t.gpus * MAX_GPU_W * t.hours * MAX_PUE * MAX_PRICE_PER_MWH;
      double costScore = 1 - Math.min(cost / maxCost, 1);
      int used = h.totalGpus - h.freeGpus + assignedGpus(vm) + t.gpus;
      double packScore = h.totalGpus == 0 ? 0 : (double) used / h.totalGpus;
      double wr = weights.get("round-trip");
      double we = weights.get("energy-cost");
      double wp = weights.get("gpu-packing");
      return (wr * rttScore + we * costScore + wp * packScore) / (wr + we + wp);
    }
  }

  private static int assignedGpus(VirtualMachineCurrentState vm) {
    int n = 0;
    for (TaskAssignmentResult a : vm.getTasksCurrentlyAssigned()) {
      n += ((Task) a.getRequest()).gpus;
    }
    return n;
  }

  /** Jurisdiction, round trip, GPU memory and model, labels, site power: as the filters. */
  private final class Hard implements ConstraintEvaluator {
    @Override
    public String getName() {
      return "lastmile-hard";
    }

    @Override
    public Result evaluate(
        TaskRequest request, VirtualMachineCurrentState vm, TaskTrackerState tracker) {
      Task t = (Task) request;
      Host h = hosts.get(vm.getHostname());
      JobSpec spec = t.job.spec();
      var placement = spec.placement();
      if (!placement.allowedJurisdictions().isEmpty()
          && !placement.allowedJurisdictions().contains(h.info.jurisdiction())) {
        return new Result(false, "jurisdiction");
      }
      if (placement.hasRttBound() && fleet.rttMs[t.origin][h.region] > placement.maxRttMs()) {
        return new Result(false, "round trip");
      }
      if (h.minGpuMemoryMiB < spec.resources().gpuMemoryMiB()) {
        return new Result(false, "gpu memory");
      }
      String model = spec.resources().gpuModel();
      if (!model.isEmpty()
          && !h.info
              .gpus()
              .get(0)
              .model()
              .toLowerCase(Locale.ROOT)
              .contains(model.toLowerCase(Locale.ROOT))) {
        return new Result(false, "gpu model");
      }
      for (var want : placement.labelSelector().entrySet()) {
        if (!want.getValue().equals(h.info.labels().get(want.getKey()))) {
          return new Result(false, "label");
        }
      }
      double cap = h.info.sitePowerCapKw();
      if (cap > 0) {
        int used = h.totalGpus - h.freeGpus + assignedGpus(vm);
        if ((used + t.gpus) * h.perGpuW / 1000 > cap) {
          return new Result(false, "site power");
        }
      }
      return new Result(true, "");
    }
  }

  private final class Task implements TaskRequest {
    final SchedulingRequest job;
    final int gpus;
    final int origin;
    final double hours;
    final Map<String, Double> priceByZone = new HashMap<>();
    private final List<ConstraintEvaluator> hard = List.of(new Hard());
    private AssignedResources assigned;

    Task(SchedulingRequest job, SyntheticFleet fleet) {
      this.job = job;
      this.gpus = job.spec().resources().gpuCount();
      String o = job.spec().placement().originRegion();
      this.origin = o.isEmpty() ? -1 : fleet.regionIndex(o);
      this.hours = job.spec().expectedDuration().toMillis() / 3_600_000.0;
    }

    /** The zone's average price over the run window, looked up once per zone per task. */
    synchronized double price(String zone) {
      return priceByZone.computeIfAbsent(
          zone,
          z ->
              fleet.prices.averagePricePerMwh(
                  z, SyntheticFleet.NOW, job.spec().expectedDuration()));
    }

    @Override
    public String getId() {
      return job.jobId();
    }

    @Override
    public String taskGroupName() {
      return "default";
    }

    @Override
    public double getCPUs() {
      return job.spec().resources().cpuMillis() / 1000.0;
    }

    @Override
    public double getMemory() {
      return job.spec().resources().memoryMiB();
    }

    @Override
    public double getNetworkMbps() {
      return 0;
    }

    @Override
    public double getDisk() {
      return 0;
    }

    @Override
    public int getPorts() {
      return 0;
    }

    @Override
    public Map<String, Double> getScalarRequests() {
      return Collections.singletonMap(GPUS, (double) gpus);
    }

    @Override
    public Map<String, NamedResourceSetRequest> getCustomNamedResources() {
      return Collections.emptyMap();
    }

    @Override
    public List<? extends ConstraintEvaluator> getHardConstraints() {
      return hard;
    }

    @Override
    public List<? extends VMTaskFitnessCalculator> getSoftConstraints() {
      return List.of();
    }

    @Override
    public void setAssignedResources(AssignedResources assignedResources) {
      this.assigned = assignedResources;
    }

    @Override
    public AssignedResources getAssignedResources() {
      return assigned;
    }
  }

  private record Lease(String id, String host, double cpus, double memoryMiB, double gpus)
      implements VirtualMachineLease {
    @Override
    public String getId() {
      return id;
    }

    @Override
    public long getOfferedTime() {
      return 0;
    }

    @Override
    public String hostname() {
      return host;
    }

    @Override
    public String getVMID() {
      return host;
    }

    @Override
    public double cpuCores() {
      return cpus;
    }

    @Override
    public double memoryMB() {
      return memoryMiB;
    }

    @Override
    public double networkMbps() {
      return 10_000;
    }

    @Override
    public double diskMB() {
      return 1_000_000;
    }

    @Override
    public List<Range> portRanges() {
      return List.of();
    }

    @Override
    public Protos.Offer getOffer() {
      return null;
    }

    @Override
    public Map<String, Protos.Attribute> getAttributeMap() {
      return Collections.emptyMap();
    }

    @Override
    public Double getScalarValue(String name) {
      return GPUS.equals(name) ? gpus : null;
    }

    @Override
    public Map<String, Double> getScalarValues() {
      return Collections.singletonMap(GPUS, gpus);
    }
  }
}
