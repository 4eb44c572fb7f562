package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.Map;

/**
 * Every label in the job's selector is on the node with the same value. Over a batch, each distinct
 * label set of the fleet ({@link NodeColumns#labelSet}) is judged once.
 */
public final class LabelSelectorFilter implements BatchFilter {
  /** A label set's verdict not yet known in this decision. */
  private static final int UNKNOWN = 0;

  /** A label set's verdict: every selector label matches. */
  private static final int MATCHES = -1;

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
    split(selector, keys, values);
    return node -> check(keys, values, node);
  }

  private static void split(Map<String, String> selector, String[] keys, String[] values) {
    int i = 0;
    for (Map.Entry<String, String> e : selector.entrySet()) {
      keys[i] = e.getKey();
      values[i++] = e.getValue();
    }
  }

  @Override
  public BatchCheck prepareBatch(SchedulingRequest job, ClusterView cluster) {
    Map<String, String> selector = job.spec().placement().labelSelector();
    if (selector.isEmpty()) {
      return BatchCheck.PASS;
    }
    String[] keys = new String[selector.size()];
    String[] values = new String[selector.size()];
    split(selector, keys, values);
    String[] subjects = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      subjects[i] = keys[i] + "=" + values[i];
    }
    return (nodes, positions, count, tally) -> {
      int[] verdicts = new int[nodes.labelSets()];
      int kept = 0;
      for (int j = 0; j < count; j++) {
        int k = positions[j];
        int set = nodes.labelSet(k);
        int verdict = verdicts[set];
        if (verdict == UNKNOWN) {
          verdict = verdict(keys, values, nodes.labels(set));
          verdicts[set] = verdict;
        }
        if (verdict == MATCHES) {
          positions[kept++] = k;
        } else {
          tally.add(RejectReason.LABEL_MISMATCH, 0, 0, subjects[verdict - 1], 1, k);
        }
      }
      return kept;
    };
  }

  /** {@link #MATCHES}, or 1 + the index of the first selector label that does not match. */
  private static int verdict(String[] keys, String[] values, Map<String, String> labels) {
    int first = firstMismatch(keys, values, labels);
    return first < 0 ? MATCHES : first + 1;
  }

  private static int firstMismatch(String[] keys, String[] values, Map<String, String> labels) {
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(labels.get(keys[i]))) {
        return i;
      }
    }
    return -1;
  }

  private static Rejection check(String[] keys, String[] values, NodeSnapshot node) {
    int i = firstMismatch(keys, values, node.info().labels());
    return i < 0
        ? null
        : new Rejection(RejectReason.LABEL_MISMATCH, 0, 0, keys[i] + "=" + values[i]);
  }
}
