package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One job per request id: a submission whose request id memory knows is answered from memory, one
 * of a request id whose first submission is being committed waits for it, and every other is
 * written, the write answering with the job stored earlier when memory had let it go.
 */
final class FirstInserts {
  private final JobCache cache;
  private final Function<Job, CompletableFuture<Job>> write;

  /**
   * Request ids whose first insert is being committed, to the job it creates. Only while it is:
   * once committed, the job is found by its request id in memory, and no second copy of every job
   * stays behind here.
   */
  private final ConcurrentHashMap<String, CompletableFuture<Job>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * @param write writes a job unless its request id has one stored, completing with the job stored
   *     under the request id: the job written, or the earlier one
   */
  FirstInserts(JobCache cache, Function<Job, CompletableFuture<Job>> write) {
    this.cache = cache;
    this.write = write;
  }

  /**
   * The first submission of a request id joins the next group commit; a later one is answered with
   * the stored job, or waits for the first's outcome and, if the first failed, tries on its own.
   */
  CompletableFuture<JobStore.Inserted> insert(Job job) {
    String requestId = job.requestId();
    Optional<Job> stored = cache.byRequest(requestId);
    if (stored.isPresent()) {
      return CompletableFuture.completedFuture(new JobStore.Inserted(stored.get(), false));
    }
    CompletableFuture<Job> mine = new CompletableFuture<>();
    CompletableFuture<Job> first = inFlight.putIfAbsent(requestId, mine);
    if (first != null) {
      return first
          .handle(
              (created, error) ->
                  error == null
                      ? CompletableFuture.completedFuture(
                          new JobStore.Inserted(cache.get(created.id()).orElse(created), false))
                      : insert(job))
          .thenCompose(f -> f);
    }
    // The first may have committed and left between the look-up above and putIfAbsent: it is in
    // memory before it leaves, so a second look finds it.
    stored = cache.byRequest(requestId);
    if (stored.isPresent()) {
      inFlight.remove(requestId, mine);
      mine.complete(stored.get());
      return CompletableFuture.completedFuture(new JobStore.Inserted(stored.get(), false));
    }
    return write
        .apply(job)
        .handle(
            (kept, error) -> {
              if (error != null) {
                inFlight.remove(requestId, mine);
                mine.completeExceptionally(error);
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
              }
              boolean created = kept == job;
              if (created) {
                cache.added(job);
              }
              inFlight.remove(requestId, mine);
              mine.complete(kept);
              return new JobStore.Inserted(kept, created);
            });
  }
}
