package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * In the embedded default, events go to the in-process channel once their change committed; no
 * outbox row is written, since there is no broker whose outage they would have to outlast.
 */
@QuarkusTest
class InProcessJobEventsTest {
  @Inject JobControl control;
  @Inject Database db;
  @Inject MeterRegistry metrics;
  @Inject @Any InMemoryConnector connector;

  @Test
  void aSubmittedJobsEventIsPublishedWithoutAnOutboxRowAndTheChannelKeepsNothing() {
    double before = published();
    Job job = control.submit("req-" + UUID.randomUUID(), TestFleet.spec("")).job();

    // Submitting returns after the commit, and the event was handed over before that.
    assertThat(published()).isGreaterThan(before);
    assertThat(outboxRows(job.id())).isZero();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> connector.sink("job-events").received().isEmpty());
  }

  private double published() {
    return metrics.counter("lastmile.job.events.published").count();
  }

  private int outboxRows(String jobId) {
    return db.inTransaction(
        c -> {
          try (var q =
              c.prepareStatement("SELECT COUNT(*) FROM job_event_outbox WHERE job_id = ?")) {
            q.setString(1, jobId);
            try (var rs = q.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }
}
