package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
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
    String[] keys = new String[selector.size()];
    String[] values = new String[selector.size()];
    int i = 0;
    for (Map.Entry<String, String> e : selector.entrySet()) {
      keys[i] = e.getKey();
      values[i++] = e.getValue();
    }
    return node -> check(keys, values, node);
  }

  private static Rejection check(String[] keys, String[] values, NodeSnapshot node) {
    Map<String, String> labels = node.info().labels();
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(labels.get(keys[i]))) {
        return new Rejection(RejectReason.LABEL_MISMATCH, 0, 0, keys[i] + "=" + values[i]);
      }
    }
    return null;
  }
}
