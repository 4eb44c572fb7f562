package io.lastmile.cli;

import io.lastmile.controlplane.energy.PriceCsv;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.events.PriceReplay;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Send an hourly price series from a CSV file to the power-prices Kafka topic.",
      "One message per hour in the channel's JSON format (key: the market zone), at real or"
          + " accelerated speed.",
      "Progress goes to stderr. The control plane must use the same broker, set up with:",
      "  lastmile.messaging.connector=smallrye-kafka",
      "",
      "CSV formats (told apart by the header):",
      "  zone,hour_start,price_per_mwh,currency,kind",
      "      one row per zone and hour, UTC",
      "  Datetime,Price (EUR/MWh)",
      "      one zone, rows like '2023-01-01 00:00:00,118.5'; local times are taken",
      "      at --utc-offset"
    },
    footer = {
      "%nExamples:",
      "  lastmile prices replay --file DE-LU_electricity_prices_2023.csv --speed 86400",
      "  lastmile prices replay --file prices.csv --as-fast-as-possible \\",
      "      --kafka-bootstrap kafka:9092 --topic power-prices",
      "",
      "Exit codes: 0 all sent and acknowledged, 2 bad file or option, 5 broker unreachable."
    })
class PricesReplayCommand implements Callable<Integer> {
  @Option(
      names = "--file",
      required = true,
      paramLabel = "CSV",
      description = "The price series to send.")
  Path file;

  @Option(
      names = "--zone",
      description =
          "Market zone of a one-zone file (Datetime,Price header); default: the file name up to"
              + " its first '_', e.g. DE-LU for DE-LU_electricity_prices_2023.csv.")
  String zone;

  @Option(
      names = "--utc-offset",
      defaultValue = "Z",
      description = "Offset of local times in a one-zone file, e.g. +01:00 (default: UTC).")
  String utcOffset;

  @Option(
      names = "--forecast",
      description = "Send a one-zone file's prices as day-ahead forecasts.")
  boolean forecast;

  @ArgGroup(exclusive = true)
  Pace pace = new Pace();

  static class Pace {
    @Option(
        names = "--speed",
        defaultValue = "3600",
        description =
            "Hours of prices per hour of replay: 3600 sends one hour of prices per second"
                + " (default: ${DEFAULT-VALUE}).")
    double speed = 3600;

    @Option(names = "--as-fast-as-possible", description = "Send without pauses.")
    boolean noPauses;
  }

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:LASTMILE_KAFKA_BOOTSTRAP:-localhost:9092}",
      description =
          "Kafka bootstrap servers (default: LASTMILE_KAFKA_BOOTSTRAP or localhost:9092).")
  String bootstrap;

  @Option(
      names = "--topic",
      defaultValue = "power-prices",
      description = "Topic to write to (default: ${DEFAULT-VALUE}).")
  String topic;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    List<PricePoint> points;
    PriceReplay replay;
    try {
      points = read();
      replay = new PriceReplay(pace.noPauses ? 0 : pace.speed, progress(err));
    } catch (IllegalArgumentException | DateTimeException e) {
      return fail(err, ExitCodes.BAD_INPUT, e.getMessage());
    }
    AtomicReference<Exception> refused = new AtomicReference<>();
    try (KafkaProducer<String, String> producer = producer()) {
      replay.replay(
          points,
          (point, json) -> {
            if (refused.get() != null) {
              throw new KafkaException("stopped after a refused send", refused.get());
            }
            producer.send(
                new ProducerRecord<>(topic, point.zone(), json),
                (meta, e) -> {
                  if (e != null) {
                    refused.compareAndSet(null, e);
                  }
                });
          });
      producer.flush();
    } catch (KafkaException e) {
      refused.compareAndSet(null, e);
    }
    if (refused.get() != null) {
      return fail(
          err,
          ExitCodes.UNAVAILABLE,
          "Kafka at %s did not take the prices (%s); check --kafka-bootstrap and that the broker runs"
              .formatted(bootstrap, refused.get().getMessage()));
    }
    err.printf("sent %d prices to %s on %s%n", points.size(), topic, bootstrap);
    err.flush();
    return ExitCodes.OK;
  }

  private List<PricePoint> read() {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("--file: cannot read " + file);
    }
    String name = file.getFileName().toString();
    String z = zone != null ? zone : name.substring(0, Math.max(name.indexOf('_'), 0));
    if (z.isEmpty()) {
      z = name.replaceFirst("\\.csv$", "");
    }
    ZoneOffset offset;
    try {
      offset = ZoneOffset.of(utcOffset);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "--utc-offset: '%s' is not an offset such as Z or +01:00".formatted(utcOffset));
    }
    return PriceCsv.read(file, z, offset, forecast);
  }

  private static PrintStream progress(PrintWriter err) {
    return new PrintStream(
        new java.io.OutputStream() {
          @Override
          public void write(int b) {
            err.write(b);
          }

          @Override
          public void flush() {
            err.flush();
          }
        },
        true,
        StandardCharsets.UTF_8);
  }

  private KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // An unreachable broker fails the replay within seconds rather than minutes.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
    return new KafkaProducer<>(p);
  }

  private static int fail(PrintWriter err, int code, String message) {
    err.println("error: " + message);
    err.flush();
    return code;
  }
}
