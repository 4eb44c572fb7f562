package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.store.JobQuery;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query parameters that select and order jobs, read as text so that a bad value is answered 400
 * naming the parameter and the value rather than a bare 404.
 */
public class JobQueryParams {
  static final int MAX_LIMIT = 1000;

  /** Repeatable; a job in any of them. */
  @QueryParam("state")
  List<String> states;

  /** Repeatable; a job of any of them. */
  @QueryParam("class")
  List<String> classes;

  @DefaultValue("")
  @QueryParam("region")
  String region;

  @DefaultValue("")
  @QueryParam("node")
  String node;

  /** Part of the job's id or name, any case. */
  @DefaultValue("")
  @QueryParam("q")
  String text;

  @DefaultValue("created")
  @QueryParam("sort")
  String sort;

  /** {@code asc} or {@code desc}; by default newest or largest first, names A to Z. */
  @DefaultValue("")
  @QueryParam("order")
  String order;

  @DefaultValue("0")
  @QueryParam("offset")
  String offset;

  @DefaultValue("100")
  @QueryParam("limit")
  String limit;

  /** The query these parameters ask for, over the jobs {@code tenant} may see. */
  JobQuery query(String tenant) {
    JobQuery.Sort by = parse("sort", sort, JobQuery.Sort.class);
    return new JobQuery(
        all("state", states, JobState.class),
        all("class", classes, JobClass.class),
        region.strip(),
        node.strip(),
        text.strip(),
        tenant,
        by,
        descending(by),
        number("offset", offset, 0, Integer.MAX_VALUE),
        number("limit", limit, 1, MAX_LIMIT));
  }

  private boolean descending(JobQuery.Sort by) {
    return switch (order.toLowerCase(Locale.ROOT)) {
      case "asc" -> false;
      case "desc" -> true;
      case "" ->
          switch (by) {
            case CREATED, UPDATED, GPUS, ATTEMPTS -> true;
            default -> false;
          };
      default -> throw new InvalidFieldException("order", order, "must be asc or desc");
    };
  }

  private static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below, as an out-of-range number is
    }
    String range = max == Integer.MAX_VALUE ? "at least " + min : "between %d and %d";
    throw new InvalidFieldException(
        name, value, "must be a whole number " + range.formatted(min, max));
  }

  private static <E extends Enum<E>> Set<E> all(String name, List<String> values, Class<E> type) {
    Set<E> out = EnumSet.noneOf(type);
    for (String v : values == null ? List.<String>of() : values) {
      out.add(parse(name, v, type));
    }
    return out;
  }

  private static <E extends Enum<E>> E parse(String name, String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          name,
          value,
          "must be one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(Enum::name)
                  .collect(Collectors.joining(", ")));
    }
  }
}
