package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.PriceMessages;
import io.lastmile.controlplane.energy.PricePoint;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The price channels against a real Kafka broker. */
@QuarkusTest
@TestProfile(KafkaPriceChannelTest.OnKafka.class)
class KafkaPriceChannelTest {
  /** Its own profile, so the broker-backed application does not replace the default one. */
  public static class OnKafka implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(KafkaBroker.class));
    }

    /** Test nodes send no heartbeats: they stay ready through a broker outage. */
    @Override
    public java.util.Map<String, String> getConfigOverrides() {
      return java.util.Map.of(
          "lastmile.node.heartbeat-grace", "10m", "lastmile.node.lost-after", "20m");
    }
  }

  @Inject MarketPrices prices;

  private final Instant hour =
      Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));

  @Test
  void pricesFromTheTopicReachTheBookAndMalformedOnesTheDeadLetterTopic() {
    PricePoint good = PricePoint.actual("KAFKA-ZONE", hour, 33.0, "EUR");
    String bad = "{\"zone\":\"KAFKA-ZONE\",\"price\":1}";
    try (var producer = producer()) {
      producer.send(new ProducerRecord<>("power-prices", "KAFKA-ZONE", bad));
      producer.send(new ProducerRecord<>("power-prices", "KAFKA-ZONE", PriceMessages.format(good)));
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> good.equals(prices.book().own(good.zone(), hour)));
    List<String> dead = new ArrayList<>();
    try (var consumer = consumer()) {
      consumer.subscribe(List.of("power-prices-dlq"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> dead.add(r.value()));
                return !dead.isEmpty();
              });
    }
    assertThat(dead)
        .singleElement()
        .asString()
        .contains("\"reason\":\"MISSING_FIELD\"")
        .contains("start is required");
  }

  static KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.broker().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  static KafkaConsumer<String, String> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.broker().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
