package io.lastmile.controlplane.config;

import io.lastmile.controlplane.config.MappingSource.Group;
import io.lastmile.controlplane.config.MappingSource.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of config mappings as markdown: one table per group of keys (key, type, default,
 * description), the description taken from each method's Javadoc. A map's keys are written with
 * {@code *} for the part the user chooses.
 */
final class ConfigDoc {

  /** One documented key; {@code key} ends in {@code .*} parts for a map's entries. */
  record Key(String key, String type, String defaultValue, String description) {

    /**
     * Whether a concrete key (such as {@code lastmile.scheduler.weights.round-trip}) is this one.
     */
    boolean matches(String concrete) {
      return concrete.matches(Pattern.quote(key).replace("*", "\\E[^.]+\\Q"));
    }
  }

  /** The keys that one interface declares directly, under its path. */
  record Section(String path, String about, List<Key> keys) {}

  private ConfigDoc() {}

  /**
   * The sections of one mapping, depth first in declaration order.
   *
   * @param properties the application's own {@code application.properties}, whose values are shown
   *     next to the declared defaults
   */
  static List<Section> sections(MappingSource mapping, Properties properties) {
    List<Section> out = new ArrayList<>();
    Group root = mapping.groups().get(mapping.rootName());
    walk(mapping, root, mapping.prefix(), root.javadoc(), properties, out);
    return out;
  }

  private static void walk(
      MappingSource mapping,
      Group group,
      String path,
      String about,
      Properties properties,
      List<Section> out) {
    List<Key> keys = new ArrayList<>();
    List<Runnable> nested = new ArrayList<>();
    for (Member m : group.members()) {
      String key = path + "." + m.withName().orElse(kebab(m.method()));
      Group child = mapping.groups().get(m.type());
      if (child != null) {
        String childAbout = child.javadoc().isBlank() ? m.javadoc() : child.javadoc();
        nested.add(() -> walk(mapping, child, key, childAbout, properties, out));
      } else {
        keys.add(key(m, key, properties));
      }
    }
    if (!keys.isEmpty()) {
      out.add(new Section(path, text(about), keys));
    }
    nested.forEach(Runnable::run);
  }

  private static Key key(Member m, String key, Properties properties) {
    String type = m.type();
    String defaultValue;
    if (m.withDefault().isPresent()) {
      defaultValue = "`" + m.withDefault().get() + "`";
    } else if (type.startsWith("Optional<")) {
      defaultValue = "unset";
    } else if (type.startsWith("Map<")) {
      defaultValue = "none";
    } else {
      defaultValue = "required";
    }
    String element = type;
    String fullKey = key;
    while (element.startsWith("Map<")) {
      element = element.substring(element.indexOf(',') + 1, element.length() - 1).strip();
      fullKey += ".*";
    }
    element = element.replaceFirst("^Optional<(.*)>$", "$1");
    Key k = new Key(fullKey, typeName(element), defaultValue, text(m.javadoc()));
    String set = setIn(k, properties);
    if (!set.isEmpty() && !set.equals(defaultValue)) {
      k = new Key(k.key(), k.type(), set + " (application.properties)", k.description());
    }
    return k;
  }

  /** Values the application's own properties give a key, outside any profile. */
  private static String setIn(Key key, Properties properties) {
    Map<String, String> set = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (key.matches(name)) {
        set.put(name, properties.getProperty(name));
      }
    }
    if (!key.key().contains("*")) {
      return set.isEmpty() ? "" : "`" + set.values().iterator().next() + "`";
    }
    String stem = key.key().substring(0, key.key().indexOf('*'));
    List<String> entries = new ArrayList<>();
    set.forEach(
        (name, value) -> entries.add("`" + name.substring(stem.length()) + "=" + value + "`"));
    return String.join(", ", entries);
  }

  private static String typeName(String javaType) {
    return switch (javaType) {
      case "boolean", "Boolean" -> "boolean";
      case "int", "Integer", "long", "Long" -> "integer";
      case "double", "Double" -> "number";
      case "Duration" -> "duration";
      case "String" -> "string";
      default -> javaType;
    };
  }

  /** {@code fooBarW} as SmallRye names its key: {@code foo-bar-w}. */
  static String kebab(String method) {
    return method
        .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static final Pattern INLINE_TAG = Pattern.compile("\\{@(code|link|linkplain)\\s+");

  /**
   * A Javadoc comment's first paragraph as one markdown line, fit for a table cell; later
   * paragraphs are notes for the code's readers.
   */
  static String text(String javadoc) {
    String plain =
        javadoc
            .split("<p>", 2)[0]
            .lines()
            .map(line -> line.strip().replaceFirst("^\\*\\s?", ""))
            .reduce("", (a, b) -> a + " " + b)
            .replaceAll("\\s+", " ")
            .strip();
    StringBuilder out = new StringBuilder();
    Matcher m = INLINE_TAG.matcher(plain);
    int at = 0;
    while (m.find(at)) {
      out.append(escape(plain.substring(at, m.start())));
      int depth = 1;
      int j = m.end();
      while (depth > 0) {
        char c = plain.charAt(j++);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      String body = plain.substring(m.end(), j - 1).strip();
      if (!m.group(1).equals("code")) {
        body = body.replaceFirst("^#(\\w+)\\(\\)$", "$1");
        body = body.matches("[a-z]\\w*") ? kebab(body) : body.replaceFirst("^.*#", "");
      }
      out.append('`').append(body.replace("|", "\\|")).append('`');
      at = j;
    }
    out.append(escape(plain.substring(at)));
    return out.toString();
  }

  private static String escape(String prose) {
    return prose.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** One section as a markdown heading, its description and its table. */
  static String render(Section section) {
    StringBuilder out = new StringBuilder();
    out.append("### `").append(section.path()).append("`\n\n");
    if (!section.about().isEmpty()) {
      out.append(section.about()).append("\n\n");
    }
    out.append("| key | type | default | description |\n|---|---|---|---|\n");
    for (Key k : section.keys()) {
      out.append("| `")
          .append(k.key())
          .append("` | ")
          .append(k.type())
          .append(" | ")
          .append(k.defaultValue())
          .append(" | ")
          .append(k.description())
          .append(" |\n");
    }
    return out.append('\n').toString();
  }
}
