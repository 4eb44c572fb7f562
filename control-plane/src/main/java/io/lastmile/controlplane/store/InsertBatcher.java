package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Group commit of new jobs: a writer thread writes every submission waiting at that moment in one
 * transaction, so concurrent submitters share a commit instead of queueing for one each. Two
 * writers take turns: while one waits for its commit or answers the submitters of the batch it
 * committed, the other gathers and writes the next batch.
 */
final class InsertBatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InsertBatcher.class);

  private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
  private final Function<List<Job>, Map<String, Job>> writer;
  private final int maxBatch;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param writer writes a batch of jobs in one transaction, or throws and writes none; returns the
   *     jobs stored earlier under request ids of the batch, by request id, which it does not write
   */
  InsertBatcher(Function<List<Job>, Map<String, Job>> writer, int maxBatch, int writers) {
    this.writer = writer;
    this.maxBatch = maxBatch;
    for (int i = 0; i < writers; i++) {
      Thread thread = new Thread(this::run, "lastmile-group-commit-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /**
   * Queues {@code job} for the next group commit. The future completes on the committing thread
   * with the job stored under its request id: {@code job} once committed, or the job stored
   * earlier; or with the error that kept it out.
   */
  CompletableFuture<Job> enqueue(Job job) {
    if (!running) {
      return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
    }
    Pending p = new Pending(job, new CompletableFuture<>());
    waiting.add(p);
    return p.done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running) {
      try {
        batch.add(waiting.take());
      } catch (InterruptedException e) {
        break;
      }
      waiting.drainTo(batch, maxBatch - 1);
      commit(batch);
      batch.clear();
    }
    failWaiting();
  }

  private void commit(List<Pending> batch) {
    try {
      Map<String, Job> earlier = writer.apply(batch.stream().map(Pending::job).toList());
      batch.forEach(p -> p.done.complete(earlier.getOrDefault(p.job.requestId(), p.job)));
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).done.completeExceptionally(e);
        return;
      }
      // One bad row must not fail the others: write them one by one.
      LOG.debugf("batch of %d failed (%s); writing one by one", batch.size(), e.getMessage());
      for (Pending p : batch) {
        commit(List.of(p));
      }
    }
  }

  private void failWaiting() {
    Pending p;
    while ((p = waiting.poll()) != null) {
      p.done.completeExceptionally(new IllegalStateException("the store is closed"));
    }
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
  }

  private record Pending(Job job, CompletableFuture<Job> done) {}
}
