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

  /** The field at fault. */
  public String field() {
    return violation().orElseThrow().path();
  }

  private static String quote(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 80) {
      text = text.substring(0, 77) + "...";
    }
    return value instanceof CharSequence ? "\"" + text + "\"" : text;
  }
}
