package io.lastmile.controlplane.events;

import io.lastmile.controlplane.store.JobEventOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox's events in order and marks each published once the broker acknowledged it.
 * While the broker is away events wait in the outbox: the relay retries with growing pauses and
 * says so once, and once again when publishing works again. Only the leader runs it.
 */
public final class JobEventRelay {
  private static final Logger LOG = Logger.getLogger(JobEventRelay.class);

  /** After this long without all acknowledgements of a batch, the wait is reported (once). */
  static final Duration STALL_WARNING = Duration.ofSeconds(10);

  /** Where events go. */
  public interface Sink {
    /**
     * Sends one record; completes when the broker acknowledged it, exceptionally when it was
     * refused or timed out. A send that was not refused is never repeated before it completes.
     */
    CompletionStage<Void> send(String key, String value);

    /** Called after every batch whose sends all completed. */
    default void batchDone() {}
  }

  private final JobEventOutbox outbox;
  private final Sink sink;
  private final Clock clock;
  private final JobEventSettings settings;
  private volatile boolean running;
  private Thread thread;
  private boolean failing;
  private Instant nextPurge = Instant.MIN;

  public JobEventRelay(JobEventOutbox outbox, Sink sink, Clock clock, JobEventSettings settings) {
    this.outbox = outbox;
    this.sink = sink;
    this.clock = clock;
    this.settings = settings;
  }

  /** Starts publishing on a thread of its own; returns at once. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "lastmile-job-events");
    thread.setDaemon(true);
    thread.start();
  }

  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run() {
    Duration pause = settings.retryMin();
    while (running) {
      try {
        int published = publishBatch();
        if (failing) {
          LOG.info("job-events: the broker acknowledges again; delayed events are on their way");
          failing = false;
        }
        pause = settings.retryMin();
        purgeWhenDue();
        if (published < settings.batchSize()) {
          Thread.sleep(settings.pollInterval().toMillis());
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        reportOnce(e.getMessage());
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException stopped) {
          return;
        }
        pause =
            pause.multipliedBy(2).compareTo(settings.retryMax()) > 0
                ? settings.retryMax()
                : pause.multipliedBy(2);
      }
    }
  }

  /**
   * Sends the oldest unpublished events and waits for every acknowledgement; marks those
   * acknowledged as published.
   *
   * @return how many were published
   * @throws PublishFailedException when one or more were refused (they are sent again later)
   */
  int publishBatch() throws InterruptedException {
    List<JobEventOutbox.Entry> batch = outbox.unpublished(settings.batchSize());
    if (batch.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
    for (JobEventOutbox.Entry e : batch) {
      acks.add(send(e));
    }
    awaitAll(acks, batch.size());
    List<Long> acked = new ArrayList<>();
    Throwable refused = null;
    for (int i = 0; i < batch.size(); i++) {
      if (acks.get(i).isCompletedExceptionally()) {
        refused = refused == null ? cause(acks.get(i)) : refused;
      } else {
        acked.add(batch.get(i).seq());
      }
    }
    outbox.markPublished(acked, clock.instant());
    sink.batchDone();
    if (refused != null) {
      throw new PublishFailedException(batch.size() - acked.size(), refused);
    }
    return acked.size();
  }

  private CompletableFuture<Void> send(JobEventOutbox.Entry e) {
    try {
      return sink.send(e.event().eventId(), JobEventJson.format(e.event())).toCompletableFuture();
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
  }

  private void awaitAll(List<CompletableFuture<Void>> acks, int size) throws InterruptedException {
    CompletableFuture<Void> all = CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    while (true) {
      try {
        all.get(STALL_WARNING.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        return; // each future is looked at by the caller
      } catch (TimeoutException e) {
        reportOnce("%d events sent %s ago are not acknowledged yet".formatted(size, STALL_WARNING));
      }
    }
  }

  private void reportOnce(String why) {
    if (!failing) {
      failing = true;
      LOG.warnf(
          "job-events: cannot publish (%s); events wait in the outbox and are retried (every %s"
              + " at most) until the broker takes them",
          why, settings.retryMax());
    }
  }

  private void purgeWhenDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plus(settings.purgeInterval());
    int purged = outbox.purgePublished(now.minus(settings.retention()));
    if (purged > 0) {
      LOG.debugf("job-events: deleted %d events published before %s", purged, settings.retention());
    }
  }

  private static Throwable cause(CompletableFuture<Void> failed) {
    try {
      failed.join();
      return null;
    } catch (RuntimeException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  /** Some events of a batch were refused. */
  static final class PublishFailedException extends RuntimeException {
    PublishFailedException(int refused, Throwable cause) {
      super("%d events refused: %s".formatted(refused, cause.getMessage()), cause);
    }
  }
}
