package io.lastmile.controlplane.kube;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lastmile.controlplane.cluster.NodeOperations;
import io.lastmile.controlplane.cluster.NodeStatus;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.scheduler.NodeCondition;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps one {@link EdgeNode} per node of the cluster: created when an agent registers, its status
 * following the node (NOT_READY when the agent goes silent), deleted when the control plane no
 * longer knows the node. Only objects labelled as managed by the control plane are ever deleted.
 */
public final class EdgeNodeController {
  private static final Logger LOG = Logger.getLogger(EdgeNodeController.class);

  private final KubernetesClient client;
  private final String namespace;
  private final NodeOperations nodes;
  private final MarketPrices prices;
  private final KubeEvents events;
  private final Clock clock;
  private final Duration resync;
  private ScheduledExecutorService worker;
  private SharedIndexInformer<EdgeNode> informer;

  /**
   * @param resync how often the objects are compared with the nodes
   */
  public EdgeNodeController(
      KubernetesClient client,
      String namespace,
      NodeOperations nodes,
      MarketPrices prices,
      KubeEvents events,
      Clock clock,
      Duration resync) {
    this.client = client;
    this.namespace = namespace;
    this.nodes = nodes;
    this.prices = prices;
    this.events = events;
    this.clock = clock;
    this.resync = resync;
  }

  public synchronized void start() {
    worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kube-edgenodes"));
    informer =
        client
            .resources(EdgeNode.class)
            .inNamespace(namespace)
            .withLabel(EdgeNode.MANAGED_BY_LABEL, EdgeNode.MANAGED_BY)
            .inform();
    long ms = resync.toMillis();
    worker.scheduleWithFixedDelay(this::syncSafely, 0, ms, TimeUnit.MILLISECONDS);
    LOG.infof("mirroring nodes as EdgeNodes in namespace %s", namespace);
  }

  public synchronized void stop() {
    if (informer != null) {
      informer.close();
      worker.shutdownNow();
      informer = null;
    }
  }

  private void syncSafely() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warnf(e, "EdgeNode sync failed; trying again in %s", resync);
    }
  }

  /** One pass: creates, updates and deletes EdgeNodes so they match the nodes. */
  void sync() {
    Map<String, EdgeNode> existing = new HashMap<>();
    informer.getStore().list().forEach(e -> existing.put(e.getMetadata().getName(), e));
    Set<String> known = new HashSet<>();
    PriceBook book = prices.book();
    for (NodeStatus node : nodes.list("")) {
      String name = node.snapshot().id();
      known.add(name);
      EdgeNode current = existing.get(name);
      EdgeNode desired = desired(node, book);
      desired.getStatus().conditions =
          Conditions.settle(
              current == null || current.getStatus() == null
                  ? null
                  : current.getStatus().conditions,
              List.of(ready(node)),
              current == null ? null : current.getMetadata().getGeneration(),
              clock.instant());
      if (current == null) {
        create(desired);
      } else {
        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        update(current, desired);
      }
    }
    existing.forEach(
        (name, e) -> {
          if (!known.contains(name)) {
            delete(e);
          }
        });
  }

  private EdgeNode desired(NodeStatus node, PriceBook book) {
    NodeSnapshot n = node.snapshot();
    NodeInfo info = n.info();
    EdgeNode e = new EdgeNode();
    e.setMetadata(
        new ObjectMetaBuilder()
            .withName(info.id())
            .withNamespace(namespace)
            .addToLabels(EdgeNode.MANAGED_BY_LABEL, EdgeNode.MANAGED_BY)
            .addToLabels("lastmile.io/region", info.region())
            .build());
    EdgeNodeSpec spec = new EdgeNodeSpec();
    spec.nodeId = info.id();
    spec.region = info.region();
    spec.jurisdiction = info.jurisdiction();
    spec.marketZone = info.marketZone();
    spec.pue = info.pue();
    spec.labels = info.labels().isEmpty() ? null : info.labels();
    e.setSpec(spec);
    EdgeNodeStatus status = new EdgeNodeStatus();
    status.state = n.condition().name();
    status.connected = node.connected();
    status.agentVersion = node.agentVersion();
    status.gpuModels = info.gpus().stream().map(GpuDevice::model).toList();
    status.simulated = info.simulated();
    status.cpuMillis = info.cpuMillis();
    status.memoryMib = info.memoryMiB();
    status.gpusFree = n.freeGpuCount();
    status.gpusTotal = n.gpuCount();
    status.powerDrawW = n.powerDrawW();
    double price = book.pricePerMwh(info.marketZone(), clock.instant());
    status.priceNowPerMwh = Double.isNaN(price) ? null : price;
    status.currency = book.currency();
    status.attempts = node.attemptCount();
    e.setStatus(status);
    return e;
  }

  /** Ready while the agent is live; a cordoned node is healthy but takes no new work. */
  private static KubeCondition ready(NodeStatus node) {
    NodeCondition state = node.snapshot().condition();
    String message =
        node.connected() ? "agent " + node.agentVersion() + " connected" : "agent not connected";
    return KubeCondition.of(
        "Ready",
        state == NodeCondition.NOT_READY ? KubeCondition.Status.FALSE : KubeCondition.Status.TRUE,
        Conditions.reason(state.name()),
        message);
  }

  private void create(EdgeNode desired) {
    EdgeNodeStatus status = desired.getStatus();
    desired.setStatus(null);
    try {
      EdgeNode created =
          client.resources(EdgeNode.class).inNamespace(namespace).resource(desired).create();
      StatusPatch.replace(client, EdgeNode.class, created, status);
      events.record(created, false, "Registered", "node joined in " + desired.getSpec().region);
    } catch (KubernetesClientException e) {
      LOG.warnf("EdgeNode %s not created: %s", desired.getMetadata().getName(), e.getMessage());
    }
  }

  private void update(EdgeNode current, EdgeNode desired) {
    var resources = client.resources(EdgeNode.class).inNamespace(namespace);
    try {
      if (!same(current.getSpec(), desired.getSpec())) {
        EdgeNode spec = new EdgeNode();
        spec.setMetadata(desired.getMetadata());
        spec.setSpec(desired.getSpec());
        resources.resource(spec).update();
      }
      if (!same(current.getStatus(), desired.getStatus())) {
        StatusPatch.replace(client, EdgeNode.class, desired, desired.getStatus());
        String was = current.getStatus() == null ? null : current.getStatus().state;
        String now = desired.getStatus().state;
        if (was != null && !Objects.equals(was, now)) {
          events.record(current, "NOT_READY".equals(now), "NodeState", was + " -> " + now);
        }
      }
    } catch (KubernetesClientException e) {
      LOG.warnf("EdgeNode %s not updated: %s", desired.getMetadata().getName(), e.getMessage());
    }
  }

  private void delete(EdgeNode gone) {
    try {
      client.resources(EdgeNode.class).inNamespace(namespace).resource(gone).delete();
    } catch (KubernetesClientException e) {
      LOG.warnf("EdgeNode %s not deleted: %s", gone.getMetadata().getName(), e.getMessage());
    }
  }

  private static boolean same(Object a, Object b) {
    return a != null && Serialization.asJson(a).equals(Serialization.asJson(b));
  }
}
