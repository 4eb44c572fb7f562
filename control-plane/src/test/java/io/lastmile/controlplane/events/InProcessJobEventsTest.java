package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.store.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** In the embedded default, events go to the in-process channel and are marked published. */
@QuarkusTest
class InProcessJobEventsTest {
  @Inject JobControl control;
  @Inject Database db;
  @Inject @Any InMemoryConnector connector;

  @Test
  void aSubmittedJobsEventIsPublishedAndTheInProcessChannelKeepsNothing() {
    Job job = control.submit("req-" + UUID.randomUUID(), TestFleet.spec("")).job();

    await().atMost(Duration.ofSeconds(30)).until(() -> publishedAt(job.id() + "-v0") != null);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> connector.sink("job-events").received().isEmpty());
    assertThat(publishedAt(job.id() + "-v0")).isNotNull();
  }

  private java.sql.Timestamp publishedAt(String eventId) {
    return db.inTransaction(
        c -> {
          try (var q =
              c.prepareStatement("SELECT published_at FROM job_event_outbox WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (var rs = q.executeQuery()) {
              return rs.next() ? rs.getTimestamp(1) : null;
            }
          }
        });
  }
}
