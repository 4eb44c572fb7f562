package io.lastmile.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help that picocli can wrap by words: every paragraph of a description or footer is one whole text
 * (the command lists show a command's first one as its summary, so a paragraph split over several
 * elements is cut mid-sentence there and wrapped raggedly everywhere), and every example command
 * fits the help's width, so none is split in the middle.
 */
class HelpTextTest {
  private static final int WIDTH = 80;

  @Test
  void everyParagraphIsWholeAndEveryExampleFits() {
    List<String> problems = new ArrayList<>();
    check(new CommandLine(new LastmileCommand()).getCommandSpec(), problems);
    assertThat(problems).isEmpty();
  }

  private static void check(CommandSpec spec, List<String> problems) {
    String name = spec.qualifiedName();
    String[] description = spec.usageMessage().description();
    if (description.length == 0 || !whole(description[0])) {
      problems.add(name + ": no one-sentence summary first");
    }
    for (String text : description) {
      lines(name + " description", text, problems);
    }
    for (String text : spec.usageMessage().footer()) {
      lines(name + " footer", text, problems);
    }
    // picocli may also break after a dot or a slash: no word of the help is split over lines.
    String rendered = spec.commandLine().getUsageMessage();
    for (String text : concat(description, spec.usageMessage().footer())) {
      for (String word : text.replace("%n", " ").split("\\s+")) {
        if (!word.isEmpty() && !rendered.contains(word)) {
          problems.add("%s: \"%s\" is split over two lines".formatted(name, word));
        }
      }
    }
    spec.subcommands().values().forEach(sub -> check(sub.getCommandSpec(), problems));
  }

  /**
   * A text's lines: one indented is preformatted (an example, a table row) and must fit the width;
   * any other is a paragraph and must be whole.
   */
  private static void lines(String where, String text, List<String> problems) {
    for (String line : text.split("%n|\n", -1)) {
      if (line.startsWith("  ")) {
        if (line.length() > WIDTH) {
          problems.add(
              "%s: %d characters, wider than %d: %s".formatted(where, line.length(), WIDTH, line));
        }
      } else if (!line.isBlank() && !whole(line)) {
        problems.add(where + " has a paragraph cut short: \"" + line + "\"");
      }
    }
  }

  private static boolean whole(String text) {
    String t = text.strip();
    return t.endsWith(".") || t.endsWith(":") || t.endsWith("?") || t.endsWith("!");
  }

  private static List<String> concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all;
  }
}
