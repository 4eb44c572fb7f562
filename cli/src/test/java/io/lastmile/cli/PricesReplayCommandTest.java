package io.lastmile.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.energy.PriceMessages;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.events.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lastmile prices replay} against a real Kafka broker started in the test. */
class PricesReplayCommandTest {
  private static EmbeddedKafka kafka;

  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start("cli");
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  /** Runs {@code lastmile prices replay} on {@code csv} to the test broker's {@code topic}. */
  private int replay(Path csv, String topic, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "prices",
                "replay",
                "--file",
                csv.toString(),
                "--topic",
                topic,
                "--kafka-bootstrap",
                kafka.bootstrapServers()));
    args.addAll(List.of(more));
    CommandLine cli = new CommandLine(new LastmileCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args.toArray(String[]::new));
  }

  @Test
  void aOneZoneFileArrivesOnTheTopicInOrderKeyedByItsZone() throws Exception {
    Path csv = dir.resolve("NL_electricity_prices_2023.csv");
    Files.writeString(
        csv,
        """
        Datetime,Price (EUR/MWh)
        2023-01-01 00:00:00,118.5
        2023-01-01 01:00:00,-3.25
        2023-01-01 00:00:00,120
        """);

    int code = replay(csv, "replay-test", "--as-fast-as-possible");

    assertThat(code).isZero();
    assertThat(err.toString())
        .contains("replayed 3/3 prices, at NL 2023-01-01T00:00:00Z")
        .contains("sent 3 prices to replay-test");
    List<ConsumerRecord<String, String>> records = consume("replay-test", 3);
    assertThat(records).extracting(ConsumerRecord::key).containsOnly("NL");
    assertThat(records)
        .extracting(r -> PriceMessages.parse(r.value()).get(0))
        .containsExactly(
            PricePoint.actual("NL", Instant.parse("2023-01-01T00:00:00Z"), 118.5, "EUR"),
            PricePoint.actual("NL", Instant.parse("2023-01-01T01:00:00Z"), -3.25, "EUR"),
            PricePoint.actual("NL", Instant.parse("2023-01-01T00:00:00Z"), 120, "EUR"));
  }

  @Test
  void aBadRowIsABadInputNamingTheLineAndNothingIsSent() throws Exception {
    Path csv = dir.resolve("NL_prices.csv");
    Files.writeString(csv, "Datetime,Price (EUR/MWh)\n2023-01-01 00:00:00,cheap\n");

    int code = replay(csv, "replay-bad");

    assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("line 2: price 'cheap' is not a number");
    assertThat(consume("replay-bad", 0)).isEmpty();
  }

  /** Reads {@code topic} from the start until {@code count} records came, or for 3 s. */
  private static List<ConsumerRecord<String, String>> consume(String topic, int count) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(p)) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + Duration.ofSeconds(count == 0 ? 3 : 30).toNanos();
      while (System.nanoTime() < end && (count == 0 || out.size() < count)) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
