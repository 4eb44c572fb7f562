package io.lastmile.controlplane.energy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The JSON form of a price on the {@code power-prices} channel, one interval per message:
 *
 * <pre>{@code
 * {"zone": "DE-LU", "start": "2023-06-01T13:00:00Z", "duration": "PT1H",
 *  "price": 84.2, "currency": "EUR", "unit": "MWh", "kind": "actual"}
 * }</pre>
 *
 * {@code end} may replace {@code duration}; {@code unit} is {@code MWh} (default) or {@code kWh};
 * {@code kind} is {@code actual} or {@code forecast} (day-ahead). An interval of several hours
 * becomes one point per hour at the same price.
 */
public final class PriceMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /** Longest market zone name, as stored. */
  static final int MAX_ZONE_LENGTH = 32;

  /** Longest interval one message may cover. */
  static final Duration MAX_INTERVAL = Duration.ofDays(7);

  private PriceMessages() {}

  /** Hourly points of one message, price per MWh in the message's currency. */
  public static List<PricePoint> parse(String json) {
    JsonNode root;
    try {
      root = json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidPriceException(
          PriceRejection.MALFORMED_JSON,
          "not JSON: " + e.getOriginalMessage() + " in '" + abbreviate(json) + "'");
    }
    if (!(root instanceof ObjectNode)) {
      throw new InvalidPriceException(
          PriceRejection.MALFORMED_JSON, "expected a JSON object, got '" + abbreviate(json) + "'");
    }
    String zone = text(root, "zone");
    if (zone.length() > MAX_ZONE_LENGTH) {
      throw bad("zone", zone, "at most " + MAX_ZONE_LENGTH + " characters");
    }
    Instant start = instant(root, "start");
    Duration duration = duration(root, start);
    double price = price(root);
    String currency = text(root, "currency");
    if (!CURRENCY.matcher(currency).matches()) {
      throw bad("currency", currency, "an ISO 4217 code such as EUR");
    }
    boolean forecast = kind(root);
    List<PricePoint> points = new ArrayList<>();
    for (long h = 0; h < duration.toHours(); h++) {
      points.add(new PricePoint(zone, start.plus(Duration.ofHours(h)), price, currency, forecast));
    }
    return points;
  }

  /** The JSON message for {@code point}, one hour long, price per MWh. */
  public static String format(PricePoint point) {
    ObjectNode n = JSON.createObjectNode();
    n.put("zone", point.zone());
    n.put("start", point.hourStart().toString());
    n.put("duration", "PT1H");
    n.put("price", point.pricePerMwh());
    n.put("currency", point.currency());
    n.put("unit", "MWh");
    n.put("kind", point.forecast() ? "forecast" : "actual");
    return n.toString();
  }

  private static Duration duration(JsonNode root, Instant start) {
    Duration d;
    if (root.hasNonNull("end")) {
      d = Duration.between(start, instant(root, "end"));
    } else {
      String text = text(root, "duration");
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw bad("duration", text, "an ISO-8601 duration such as PT1H");
      }
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_INTERVAL) > 0) {
      throw bad("duration", d.toString(), "more than zero and at most " + MAX_INTERVAL);
    }
    if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)
        || d.toMinutesPart() != 0
        || d.toSecondsPart() != 0
        || d.toNanosPart() != 0) {
      throw new InvalidPriceException(
          PriceRejection.UNSUPPORTED_INTERVAL,
          "interval %s + %s must start on a whole hour and span whole hours".formatted(start, d));
    }
    return d;
  }

  private static double price(JsonNode root) {
    JsonNode p = root.get("price");
    if (p == null || p.isNull()) {
      throw missing("price");
    }
    if (!p.isNumber() || !Double.isFinite(p.doubleValue())) {
      throw bad("price", p.toString(), "a finite number");
    }
    String unit = root.hasNonNull("unit") ? root.get("unit").asText() : "MWh";
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "mwh" -> p.doubleValue();
      case "kwh" -> p.doubleValue() * 1000;
      default -> throw bad("unit", unit, "MWh or kWh");
    };
  }

  private static boolean kind(JsonNode root) {
    String kind = text(root, "kind");
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "actual" -> false;
      case "forecast" -> true;
      default -> throw bad("kind", kind, "actual or forecast");
    };
  }

  private static Instant instant(JsonNode root, String field) {
    String text = text(root, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw bad(field, text, "an ISO-8601 instant such as 2023-06-01T13:00:00Z");
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull() || n.asText().isBlank()) {
      throw missing(field);
    }
    if (!n.isTextual()) {
      throw bad(field, n.toString(), "a string");
    }
    return n.asText().strip();
  }

  private static InvalidPriceException missing(String field) {
    return new InvalidPriceException(PriceRejection.MISSING_FIELD, field + " is required");
  }

  private static InvalidPriceException bad(String field, String value, String expected) {
    return new InvalidPriceException(
        PriceRejection.BAD_VALUE, "%s '%s' must be %s".formatted(field, value, expected));
  }

  private static String abbreviate(String text) {
    return text == null ? "null" : text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
