package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lints the API's .proto files the way buf's DEFAULT and COMMENTS rules do (no lint tool resolves
 * in the build): every declaration documented, names in the standard cases, enum values prefixed
 * with their enum's name and led by {@code <ENUM>_UNSPECIFIED = 0}, request and response messages
 * named after their rpc, and a reason beside every reserved field.
 */
class ProtoContractLintTest {
  private static final Path PROTOS = Path.of("../proto/src/main/proto/lastmile/v1");

  private static final Pattern MESSAGE = Pattern.compile("^\\s*message\\s+(\\w+)\\s*\\{");
  private static final Pattern ENUM = Pattern.compile("^\\s*enum\\s+(\\w+)\\s*\\{");
  private static final Pattern SERVICE = Pattern.compile("^\\s*service\\s+(\\w+)\\s*\\{");
  private static final Pattern ONEOF = Pattern.compile("^\\s*oneof\\s+(\\w+)\\s*\\{");
  private static final Pattern RPC =
      Pattern.compile(
          "^\\s*rpc\\s+(\\w+)\\s*\\(\\s*(stream\\s+)?([\\w.]+)\\s*\\)\\s*returns\\s*\\("
              + "\\s*(stream\\s+)?([\\w.]+)\\s*\\)");
  private static final Pattern FIELD =
      Pattern.compile(
          "^\\s*(?:repeated\\s+|optional\\s+)?(map<[^>]+>|[\\w.]+)\\s+(\\w+)\\s*=\\s*\\d+\\s*[;\\[]");
  private static final Pattern VALUE = Pattern.compile("^\\s*(\\w+)\\s*=\\s*(-?\\d+)\\s*[;\\[]");
  private static final Pattern RESERVED = Pattern.compile("^\\s*reserved\\s");

  private static final Pattern PASCAL = Pattern.compile("[A-Z][A-Za-z0-9]*");
  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Pattern UPPER_SNAKE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

  @Test
  void everyProtoFileFollowsTheLintRules() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(PROTOS)) {
      files = list.filter(p -> p.toString().endsWith(".proto")).sorted().toList();
    }
    assertThat(files).as("proto files under %s", PROTOS.toAbsolutePath()).hasSizeGreaterThan(3);

    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      problems.addAll(lint(file.getFileName().toString(), Files.readAllLines(file)));
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void theLintFindsWhatItLooksFor() {
    List<String> problems =
        lint(
            "bad.proto",
            List.of(
                "syntax = \"proto3\";",
                "package lastmile.v1;",
                "message bad_name {",
                "  string BadField = 1;",
                "  reserved 2;",
                "}",
                "// Colours.",
                "enum Colour {",
                "  RED = 0;",
                "}",
                "// The service.",
                "service Paint {",
                "  // Paints.",
                "  rpc Paint(Colour) returns (PaintReply);",
                "}"));

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "bad.proto:3 message bad_name has no comment",
            "bad.proto:3 message bad_name is not PascalCase",
            "bad.proto:4 field BadField has no comment",
            "bad.proto:4 field BadField is not lower_snake_case",
            "bad.proto:5 reserved has no comment saying why",
            "bad.proto:9 enum value RED has no prefix COLOUR_",
            "bad.proto:9 enum Colour must start with COLOUR_UNSPECIFIED = 0",
            "bad.proto:14 rpc Paint must take PaintRequest, not Colour",
            "bad.proto:14 rpc Paint must return PaintResponse, not PaintReply");
  }

  /** Streaming rpcs carry one envelope message each way, named for what flows, not the call. */
  private static boolean streaming(Matcher rpc) {
    return rpc.group(2) != null || rpc.group(4) != null;
  }

  static List<String> lint(String name, List<String> lines) {
    List<String> problems = new ArrayList<>();
    if (!SNAKE.matcher(name.replace(".proto", "")).matches()) {
      problems.add(name + " file name is not lower_snake_case");
    }
    Deque<String> enums = new ArrayDeque<>();
    Deque<String> blocks = new ArrayDeque<>();
    boolean firstValue = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String at = name + ":" + (i + 1) + " ";
      String previous = i > 0 ? lines.get(i - 1).trim() : "";
      boolean documented = previous.startsWith("//");
      Matcher m;
      if ((m = MESSAGE.matcher(line)).find()) {
        declared(problems, at + "message " + m.group(1), documented, PASCAL, m.group(1));
        blocks.push("message");
      } else if ((m = ENUM.matcher(line)).find()) {
        declared(problems, at + "enum " + m.group(1), documented, PASCAL, m.group(1));
        enums.push(m.group(1));
        blocks.push("enum");
        firstValue = true;
      } else if ((m = SERVICE.matcher(line)).find()) {
        declared(problems, at + "service " + m.group(1), documented, PASCAL, m.group(1));
        blocks.push("service");
      } else if ((m = ONEOF.matcher(line)).find()) {
        if (!SNAKE.matcher(m.group(1)).matches()) {
          problems.add(at + "oneof " + m.group(1) + " is not lower_snake_case");
        }
        blocks.push("oneof");
      } else if ((m = RPC.matcher(line)).find()) {
        String rpc = m.group(1);
        declared(problems, at + "rpc " + rpc, documented, PASCAL, rpc);
        if (!streaming(m) && !m.group(3).equals(rpc + "Request")) {
          problems.add(at + "rpc " + rpc + " must take " + rpc + "Request, not " + m.group(3));
        }
        if (!streaming(m) && !m.group(5).equals(rpc + "Response")) {
          problems.add(at + "rpc " + rpc + " must return " + rpc + "Response, not " + m.group(5));
        }
      } else if (RESERVED.matcher(line).find()) {
        // Numbers and names are reserved in separate statements that share one comment.
        if (!documented && !previous.startsWith("reserved")) {
          problems.add(at + "reserved has no comment saying why");
        }
      } else if ("enum".equals(blocks.peek()) && (m = VALUE.matcher(line)).find()) {
        String value = m.group(1);
        String prefix = upperSnake(enums.peek()) + "_";
        if (!UPPER_SNAKE.matcher(value).matches()) {
          problems.add(at + "enum value " + value + " is not UPPER_SNAKE_CASE");
        }
        if (!value.startsWith(prefix)) {
          problems.add(at + "enum value " + value + " has no prefix " + prefix);
        }
        if (firstValue && !(value.equals(prefix + "UNSPECIFIED") && m.group(2).equals("0"))) {
          problems.add(
              at + "enum " + enums.peek() + " must start with " + prefix + "UNSPECIFIED = 0");
        }
        if (!firstValue && !documented) {
          problems.add(at + "enum value " + value + " has no comment");
        }
        firstValue = false;
      } else if (!blocks.isEmpty()
          && !"service".equals(blocks.peek())
          && (m = FIELD.matcher(line)).find()) {
        declared(problems, at + "field " + m.group(2), documented, SNAKE, m.group(2));
      } else if (line.trim().startsWith("}")) {
        if ("enum".equals(blocks.poll())) {
          enums.pop();
        }
      }
    }
    return problems;
  }

  private static void declared(
      List<String> problems, String what, boolean documented, Pattern naming, String name) {
    if (!documented) {
      problems.add(what + " has no comment");
    }
    if (!naming.matcher(name).matches()) {
      problems.add(what + " is not " + (naming == PASCAL ? "PascalCase" : "lower_snake_case"));
    }
  }

  private static String upperSnake(String pascal) {
    return pascal.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }
}
