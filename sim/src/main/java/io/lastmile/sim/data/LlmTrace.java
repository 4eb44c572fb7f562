package io.lastmile.sim.data;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Azure LLM inference trace: columns {@code TIMESTAMP,ContextTokens,GeneratedTokens}, the
 * timestamp as {@code yyyy-MM-dd HH:mm:ss.fffffff}. Requests keep their offset from the first one.
 */
public final class LlmTrace {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSS][.SSSSSS][.SSS]");

  /** One request: milliseconds after the trace's first request, and its token counts. */
  public record Request(long offsetMs, int contextTokens, int generatedTokens) {}

  private LlmTrace() {}

  public static List<Request> read(Csv csv) {
    int time = csv.column("TIMESTAMP");
    int context = csv.column("ContextTokens");
    int generated = csv.column("GeneratedTokens");
    List<Request> out = new ArrayList<>(csv.size());
    LocalDateTime first = null;
    for (int r = 0; r < csv.size(); r++) {
      LocalDateTime t = parse(csv, r, time);
      if (first == null) {
        first = t;
      }
      long offset = Duration.between(first, t).toMillis();
      int ctx = (int) csv.number(r, context);
      int gen = (int) csv.number(r, generated);
      if (offset < 0 || ctx < 0 || gen < 0) {
        throw new IllegalArgumentException(
            "%s line %s: timestamps must not go back and token counts must be >= 0"
                .formatted(csv.source(), csv.line(r)));
      }
      out.add(new Request(offset, ctx, gen));
    }
    return out;
  }

  private static LocalDateTime parse(Csv csv, int row, int column) {
    String text = csv.text(row, column);
    try {
      return LocalDateTime.parse(text, TIME);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "%s line %s: TIMESTAMP must be 'yyyy-MM-dd HH:mm:ss.fffffff', got '%s'"
              .formatted(csv.source(), csv.line(row), text));
    }
  }
}
