package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Registrations applied in groups: every registration waiting when a group is taken goes into it,
 * with one store transaction for the group's nodes and one hold of the lifecycle's lock to bring
 * them into memory. After a control-plane restart every agent registers at once; 10,000 of them
 * then cost a few dozen transactions and lock holds, not 10,000 of each, and the scheduling loop,
 * which holds the lock while it places, is not waited for once per agent.
 *
 * <p>There is no thread of its own ({@link CallerGroups}): {@link #submit} may block its caller on
 * the store and the lock; call it from a worker thread. One group at a time, in arrival order, so
 * the store and memory agree on which registration of a node came last. A node is in memory only
 * once its row is committed.
 */
final class RegistrationBatches {
  private static final Logger LOG = Logger.getLogger(RegistrationBatches.class);

  /** Most registrations in one group: one transaction of that many node rows stays short. */
  static final int MAX_GROUP = 500;

  private final JobLedger ledger;
  private final JobStore store;
  private final AttemptReconciler reconciler;
  private final CallerGroups<Pending> groups = new CallerGroups<>(MAX_GROUP, this::applyGroup);

  RegistrationBatches(JobLedger ledger, JobStore store, AttemptReconciler reconciler) {
    this.ledger = ledger;
    this.store = store;
    this.reconciler = reconciler;
  }

  /**
   * Applies a registration with the others waiting; the future completes, once it is applied, with
   * what to send the agent (see {@link AttemptReconciler#registered}), on the thread that applied
   * it and with no lock held.
   */
  CompletableFuture<List<AgentCommand>> submit(
      NodeInfo info, NodeLink link, List<AttemptReport> attempts) {
    Pending pending = new Pending(info, link, attempts, new CompletableFuture<>());
    groups.submit(pending);
    return pending.done();
  }

  private void applyGroup(List<Pending> group) {
    try {
      apply(stored(group));
    } catch (RuntimeException e) {
      group.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  /** The registrations whose node rows are committed; the others fail with the store's error. */
  private List<Pending> stored(List<Pending> group) {
    try {
      store.nodesRegistered(group.stream().map(Pending::info).toList());
      return group;
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.get(0).done().completeExceptionally(e);
        return List.of();
      }
      // One bad row must not fail the others: write them one by one.
      LOG.debugf("%d node registrations failed together (%s); one by one", group.size(), e);
      List<Pending> stored = new ArrayList<>();
      group.forEach(p -> stored.addAll(stored(List.of(p))));
      return stored;
    }
  }

  /** Brings the group into memory under one hold of the lock, then answers each registration. */
  private void apply(List<Pending> group) {
    if (group.isEmpty()) {
      return;
    }
    List<Runnable> answers = new ArrayList<>(group.size());
    ledger.update(
        changes -> {
          for (Pending p : group) {
            try {
              List<AgentCommand> commands =
                  reconciler.registered(changes, p.info(), p.link(), p.attempts());
              answers.add(() -> p.done().complete(commands));
            } catch (RuntimeException e) {
              answers.add(() -> p.done().completeExceptionally(e));
            }
          }
        });
    ledger.workAvailable();
    answers.forEach(Runnable::run);
  }

  private record Pending(
      NodeInfo info,
      NodeLink link,
      List<AttemptReport> attempts,
      CompletableFuture<List<AgentCommand>> done) {}
}
