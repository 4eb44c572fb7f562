package io.lastmile.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.api.v1.PrintableText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrintableTextTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "nul\u0000",
        "bell\u0007",
        "esc\u001b[31m",
        "del\u007f",
        "c1\u0085",
        "rlo\u202e",
        "lri\u2066",
        "pdi\u2069",
        "rlm\u200f",
        "alm\u061c",
        "ls\u2028",
        "tab\t",
        "lf\n"
      })
  void controlAndBidirectionalCharactersAreNotPrintable(String text) {
    assertThat(PrintableText.valid(text)).isFalse();
    assertThat(PrintableText.problem(text)).matches("U\\+[0-9A-F]{4} at position \\d+");
    String escaped = PrintableText.escape(text);
    assertThat(PrintableText.valid(escaped)).isTrue();
    assertThat(escaped).matches(".*\\\\u[0-9A-F]{4}.*");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "resnet-50 batch", "Größe", "東京-推論", "עברית", "👩‍🔬 lab", "a\\u202e"})
  void everydayTextIncludingOtherScriptsAndEmojiIsPrintableAndLeftAlone(String text) {
    assertThat(PrintableText.problem(text)).isEmpty();
    assertThat(PrintableText.escape(text)).isSameAs(text);
  }

  @Test
  void theProblemNamesTheCodePointAndItsPositionInCodePoints() {
    assertThat(PrintableText.problem("😀ab\u202ecd")).isEqualTo("U+202E at position 3");
    assertThat(PrintableText.problem("x\ud800")).isEqualTo("U+D800 at position 1");
  }

  @Test
  void logTailsKeepTheirLinesButNotTheirEscapes() {
    assertThat(PrintableText.escapeKeepingLines("one\r\ntwo\tx\n\u001b[2Jthree\n"))
        .isEqualTo("one\ntwo    x\n\\u001B[2Jthree\n");
  }
}
