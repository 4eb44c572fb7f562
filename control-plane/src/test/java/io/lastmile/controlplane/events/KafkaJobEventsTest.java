package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JobEventOutbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Job events reach the Kafka topic through a broker outage: late, but each exactly once. */
@QuarkusTest
@TestProfile(KafkaPriceChannelTest.OnKafka.class)
class KafkaJobEventsTest {
  @Inject JobControl control;
  @Inject JobEventOutbox outbox;
  @Inject Database db;

  @Test
  void jobsRunWhileTheBrokerIsDownAndEveryEventArrivesOnceItReturns() {
    TestFleet fleet = new TestFleet(control);
    fleet.node("de-fra", "DE-LU");
    fleet.run("acme", 10);
    awaitOutboxPublished();

    List<String> during = new ArrayList<>();
    KafkaBroker.broker().stop();
    try {
      for (int i = 0; i < 5; i++) {
        during.add(fleet.run("acme", 10).attempt().jobId());
      }
      during.forEach(id -> assertThat(control.get(id).state()).isEqualTo(JobState.SUCCEEDED));
      assertThat(outbox.unpublished(1000)).hasSizeGreaterThanOrEqualTo(5 * 4);
    } finally {
      KafkaBroker.broker().start();
    }
    awaitOutboxPublished();

    Set<String> stored = storedEventIds();
    List<ConsumerRecord<String, String>> records = consumeAtLeast(stored);
    List<String> keys = records.stream().map(ConsumerRecord::key).toList();
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(new HashSet<>(keys)).isEqualTo(stored);
    assertThat(records)
        .allSatisfy(r -> assertThat(JobEventJson.parse(r.value()).eventId()).isEqualTo(r.key()))
        .noneSatisfy(r -> assertThat(r.value()).contains(TestFleet.SECRET));
    assertThat(keys).contains(during.get(4) + "-v0", during.get(4) + "-v3");
  }

  private void awaitOutboxPublished() {
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> outbox.unpublished(1).isEmpty());
  }

  private Set<String> storedEventIds() {
    return db.inTransaction(
        c -> {
          Set<String> ids = new HashSet<>();
          try (var q = c.prepareStatement("SELECT event_id FROM job_event_outbox");
              var rs = q.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          return ids;
        });
  }

  /** Reads the topic from the start until it holds every expected key, then a little longer. */
  private static List<ConsumerRecord<String, String>> consumeAtLeast(Set<String> expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (var consumer = KafkaPriceChannelTest.consumer()) {
      consumer.subscribe(List.of("job-events"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().map(ConsumerRecord::key).toList().containsAll(expected);
              });
      // Anything sent twice would follow shortly after.
      long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
