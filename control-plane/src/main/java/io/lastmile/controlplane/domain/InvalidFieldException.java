package io.lastmile.controlplane.domain;

/** A request field has a value the control plane cannot accept; nothing was changed. */
public final class InvalidFieldException extends RuntimeException {
  private final String field;

  public InvalidFieldException(String field, Object value, String rule) {
    super("%s: %s (got %s)".formatted(field, rule, quote(value)));
    this.field = field;
  }

  public String field() {
    return field;
  }

  private static String quote(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 80) {
      text = text.substring(0, 77) + "...";
    }
    return value instanceof CharSequence ? "\"" + text + "\"" : text;
  }
}
