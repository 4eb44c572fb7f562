package io.lastmile.controlplane.events;

import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The {@code job-events} channel: the relay's sink, where the record key is the event id and a send
 * completes when the connector acknowledged the record (with Kafka: when the broker did); with the
 * in-process connector, events are sent straight after their change committed ({@link
 * #publishNow}). Counts what was acknowledged as {@code lastmile.job.events.published}.
 */
@ApplicationScoped
public class JobEventChannel implements JobEventRelay.Sink {
  static final String IN_MEMORY = "smallrye-in-memory";

  @Inject
  @Channel("job-events")
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = JobEventSettings.MAX_BATCH)
  Emitter<String> emitter;

  /**
   * {@code lastmile.messaging.connector}: read as one value, so events need no settings package.
   */
  @ConfigProperty(name = "lastmile.messaging.connector", defaultValue = "smallrye-in-memory")
  String connector;

  @Inject @Any Instance<InMemoryConnector> memory;
  @Inject LastmileMeters metrics;

  /** Whether the channel stays inside the process (no broker configured) with this connector. */
  public static boolean inProcess(String connector) {
    return IN_MEMORY.equals(connector);
  }

  /** Sends {@code events} without waiting for acknowledgements: for the in-process channel. */
  public void publishNow(List<JobEvent> events) {
    for (JobEvent e : events) {
      send(e.eventId(), JobEventJson.format(e));
    }
    batchDone();
  }

  @Override
  public CompletionStage<Void> send(String key, String value) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Message<String> message =
        Message.of(
                value,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
            .withAck(
                () -> {
                  metrics.eventPublished();
                  done.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                failure -> {
                  done.completeExceptionally(failure);
                  return CompletableFuture.completedFuture(null);
                });
    emitter.send(message);
    return done;
  }

  /**
   * The in-process channel keeps every record it was given; nothing outside the process reads them,
   * so they are let go once acknowledged (the outbox keeps them for the retention).
   */
  @Override
  public void batchDone() {
    if (inProcess(connector)) {
      memory.get().sink("job-events").clear();
    }
  }
}
