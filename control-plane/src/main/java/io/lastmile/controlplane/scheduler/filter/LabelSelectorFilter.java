package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.List;
import java.util.Map;

/** Every label in the job's selector is on the node with the same value. */
public final class LabelSelectorFilter implements Filter {

  @Override
  public String name() {
    return "label-selector";
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    Map<String, String> selector = job.spec().placement().labelSelector();
    if (selector.isEmpty()) {
      return NodeCheck.PASS;
    }
    List<Map.Entry<String, String>> wanted = List.copyOf(selector.entrySet());
    return node -> check(wanted, node);
  }

  private static Rejection check(List<Map.Entry<String, String>> wanted, NodeSnapshot node) {
    Map<String, String> labels = node.info().labels();
    for (Map.Entry<String, String> want : wanted) {
      if (!want.getValue().equals(labels.get(want.getKey()))) {
        return new Rejection(
            RejectReason.LABEL_MISMATCH, 0, 0, want.getKey() + "=" + want.getValue());
      }
    }
    return null;
  }
}
