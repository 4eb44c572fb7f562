package io.lastmile.api.v1;

/**
 * Text that is safe to print on a terminal or a page: no control characters (C0, DEL, C1), no
 * bidirectional formatting characters (the embeddings, overrides, isolates and marks that make text
 * read differently from how it is stored), no line or paragraph separators and no unpaired
 * surrogates. Names, labels and ids must be printable; free text from workloads (log tails,
 * messages) is printed through {@link #escape}.
 */
public final class PrintableText {
  /** How a string with a character that is not printable is told, after its field and value. */
  public static final String RULE = "must not hold control or bidirectional-formatting characters";

  private PrintableText() {}

  /**
   * The first character of {@code text} that is not printable, described as {@code "U+202E at
   * position 4"}; empty when there is none.
   */
  public static String problem(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!printable(cp)) {
        return "U+%04X at position %d".formatted(cp, text.codePointCount(0, i));
      }
      i += Character.charCount(cp);
    }
    return "";
  }

  /** Whether every character of {@code text} is printable. */
  public static boolean valid(String text) {
    return problem(text).isEmpty();
  }

  /**
   * {@code text} with each character that is not printable written as {@code \\u202E} (tab and
   * newline too, so one value stays on one line).
   */
  public static String escape(String text) {
    if (valid(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            cp -> {
              if (printable(cp)) {
                out.appendCodePoint(cp);
              } else {
                out.append(cp > 0xFFFF ? "\\U%08X".formatted(cp) : "\\u%04X".formatted(cp));
              }
            });
    return out.toString();
  }

  /**
   * As {@link #escape}, but keeps newlines (a tab becomes four spaces, a CR before a newline goes):
   * for multi-line text such as a log tail, whose lines are printed as lines.
   */
  public static String escapeKeepingLines(String text) {
    java.util.StringJoiner out = new java.util.StringJoiner("\n");
    for (String line : text.split("\n", -1)) {
      String bare = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      out.add(escape(bare.replace("\t", "    ")));
    }
    return out.toString();
  }

  static boolean printable(int cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      return false;
    }
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F) {
      return false; // Arabic letter mark, left-to-right and right-to-left marks
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      return false; // embeddings, overrides and isolates
    }
    if (cp == 0x2028 || cp == 0x2029) {
      return false; // line and paragraph separators
    }
    return Character.getType(cp) != Character.SURROGATE;
  }
}
