package io.lastmile.controlplane.domain;

/** A request field has a value the control plane cannot accept; nothing was changed. */
public final class InvalidFieldException extends LastmileException {
  public InvalidFieldException(String field, Object value, String rule) {
    this(field, "%s (got %s)".formatted(rule, quote(value)));
  }

  private InvalidFieldException(String field, String description) {
    super(
        Kind.INVALID_ARGUMENT,
        field + ": " + description,
        new FieldViolation(field, description),
        null);
  }

  /**
   * Refuses a name, label or reason that would print differently from how it is stored (control or
   * bidirectional-formatting characters); returns it otherwise.
   */
  public static String requirePrintable(String field, String value) {
    String problem = io.lastmile.api.v1.PrintableText.problem(value);
    if (!problem.isEmpty()) {
      throw new InvalidFieldException(
          field, value, io.lastmile.api.v1.PrintableText.RULE + " (found " + problem + ")");
    }
    return value;
  }

  /** The field at fault. */
  public String field() {
    return violation().orElseThrow().path();
  }

  /** The value as the error quotes it: cut to 80 characters, anything unprintable escaped. */
  private static String quote(Object value) {
    String text = io.lastmile.api.v1.PrintableText.escape(String.valueOf(value));
    if (text.length() > 80) {
      text = text.substring(0, 77) + "...";
    }
    return value instanceof CharSequence ? "\"" + text + "\"" : text;
  }
}
