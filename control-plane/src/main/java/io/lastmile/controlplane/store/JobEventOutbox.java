package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.JobEvent;
import java.time.Instant;
import java.util.List;

/**
 * Job events written with the job changes they report, in the same transaction, waiting to be
 * published. Sequence numbers grow with every event written, so publishing in their order keeps the
 * order of the changes.
 */
public interface JobEventOutbox {

  /** Up to {@code max} events not yet published, lowest sequence first. */
  List<Entry> unpublished(int max);

  /** Marks events published (the broker acknowledged them) at {@code at}. */
  void markPublished(List<Long> seqs, Instant at);

  /**
   * Deletes events published before {@code before}; unpublished ones are kept whatever their age.
   *
   * @return how many were deleted
   */
  int purgePublished(Instant before);

  /** An event and its place in the outbox. */
  record Entry(long seq, JobEvent event) {}
}
