package io.lastmile.controlplane.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code @ConfigMapping} interface as its source file declares it: the prefix, and each nested
 * interface with its methods, their Javadoc, {@code @WithDefault} and {@code @WithName}. Reads the
 * plain source, so the agent's mapping (not on this module's class path) is read the same way.
 */
record MappingSource(String prefix, String rootName, Map<String, Group> groups) {

  /** An interface of the mapping: a group of keys. */
  record Group(String name, String javadoc, List<Member> members) {}

  /** An abstract method: one key, a map of keys, or a nested group. */
  record Member(
      String method,
      String type,
      String javadoc,
      Optional<String> withDefault,
      Optional<String> withName) {}

  private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
  private static final Pattern METHOD = Pattern.compile("(?s)^(.*\\S)\\s+(\\w+)\\s*\\(\\s*\\)$");
  private static final Pattern STRING_ARG = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  static MappingSource parse(String source) {
    return new Parser(source).parse();
  }

  private static final class Parser {
    private final String s;
    private int i;
    private String javadoc = "";
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final Deque<Group> open = new ArrayDeque<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private String prefix;
    private String rootName;

    Parser(String source) {
      this.s = source;
    }

    MappingSource parse() {
      while (skipSpace()) {
        if (s.startsWith("/**", i)) {
          int end = s.indexOf("*/", i);
          javadoc = s.substring(i + 3, end);
          i = end + 2;
        } else if (s.startsWith("/*", i)) {
          i = s.indexOf("*/", i) + 2;
        } else if (s.startsWith("//", i)) {
          i = lineEnd();
        } else if (s.charAt(i) == '@') {
          annotation();
        } else if (s.charAt(i) == '}') {
          open.pop();
          i++;
        } else {
          statement();
        }
      }
      if (prefix == null) {
        throw new IllegalArgumentException("no @ConfigMapping(prefix = ...) in the source");
      }
      return new MappingSource(prefix, rootName, groups);
    }

    private void annotation() {
      Matcher name = Pattern.compile("@([\\w.]+)").matcher(s).region(i, s.length());
      name.lookingAt();
      i = name.end();
      String args = "";
      skipSpace();
      if (i < s.length() && s.charAt(i) == '(') {
        int end = closing(i, '(', ')');
        args = s.substring(i + 1, end);
        i = end + 1;
      }
      annotations.put(name.group(1), args);
    }

    private void statement() {
      int start = i;
      while (s.charAt(i) != ';' && s.charAt(i) != '{') {
        i = s.charAt(i) == '"' ? stringEnd(i) : i + 1;
      }
      String text = s.substring(start, i).strip();
      if (s.charAt(i) == '{') {
        Matcher m = INTERFACE.matcher(text);
        if (m.find() && !text.startsWith("default")) {
          openGroup(m.group(1));
          i++;
        } else {
          i = closing(i, '{', '}') + 1; // a default method's body, or a class
        }
      } else {
        i++;
        Matcher m = METHOD.matcher(text);
        if (m.matches() && !open.isEmpty() && !text.startsWith("default")) {
          open.peek()
              .members()
              .add(
                  new Member(
                      m.group(2),
                      m.group(1).replaceAll("\\s+", " "),
                      javadoc,
                      stringArg("WithDefault"),
                      stringArg("WithName")));
        }
      }
      javadoc = "";
      annotations.clear();
    }

    private void openGroup(String name) {
      Optional<String> mapping = stringArg("ConfigMapping");
      if (mapping.isPresent()) {
        prefix = mapping.get();
        rootName = name;
      }
      Group group = new Group(name, javadoc, new ArrayList<>());
      groups.put(name, group);
      open.push(group);
    }

    private Optional<String> stringArg(String annotation) {
      String args = annotations.get(annotation);
      if (args == null) {
        return Optional.empty();
      }
      Matcher m = STRING_ARG.matcher(args);
      return m.find() ? Optional.of(m.group(1).replace("\\\"", "\"")) : Optional.empty();
    }

    private boolean skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      return i < s.length();
    }

    private int lineEnd() {
      int end = s.indexOf('\n', i);
      return end < 0 ? s.length() : end + 1;
    }

    private int stringEnd(int from) {
      int j = from + 1;
      while (s.charAt(j) != '"') {
        j += s.charAt(j) == '\\' ? 2 : 1;
      }
      return j + 1;
    }

    /** Index of the bracket that closes the one at {@code from}. */
    private int closing(int from, char openChar, char closeChar) {
      int depth = 0;
      int j = from;
      while (true) {
        char c = s.charAt(j);
        if (c == '"') {
          j = stringEnd(j);
          continue;
        }
        if (c == openChar) {
          depth++;
        } else if (c == closeChar && --depth == 0) {
          return j;
        }
        j++;
      }
    }
  }
}
