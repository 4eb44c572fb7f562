package io.lastmile.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays a short front door, and every link in the project's markdown leads somewhere: a
 * relative link to an existing file, an anchor to a heading of its target as GitHub names it.
 * External links are only checked to be well-formed (the build has no network).
 */
class DocumentationLinksTest {
  private static final Path ROOT = RepositoryFiles.root();
  private static final long README_LIMIT_BYTES = 12 * 1024;

  /** {@code [text](target)} or {@code ![alt](target "title")}; text may hold one level of []. */
  private static final Pattern INLINE_LINK =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  private static final Pattern AUTOLINK = Pattern.compile("<(https?://[^>\\s]+)>");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

  @Test
  void readmeStaysUnderTwelveKilobytes() throws IOException {
    assertThat(Files.size(ROOT.resolve("README.md"))).isLessThanOrEqualTo(README_LIMIT_BYTES);
  }

  @Test
  void everyRelativeLinkLeadsToAnExistingFileAndHeading() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path file : markdownFiles()) {
      for (String target : links(Files.readString(file))) {
        problem(file, target).ifPresent(p -> broken.add(ROOT.relativize(file) + ": " + p));
      }
    }

    assertThat(broken).isEmpty();
  }

  @Test
  void anchorsAreNamedAsGithubNamesThem() {
    assertThat(anchors("# Lastmile\n## Two commands\n## REST API and dashboard\n"))
        .contains("lastmile", "two-commands", "rest-api-and-dashboard");
    assertThat(
            anchors(
                "## `lastmile.scheduler` settings\n## Agents: enrolment and node credentials\n"))
        .contains("lastmilescheduler-settings", "agents-enrolment-and-node-credentials");
    assertThat(anchors("## Usage\n## Usage\n```\n# not a heading\n```\n"))
        .contains("usage", "usage-1")
        .doesNotContain("not-a-heading");
    assertThat(anchors("## Link to [the docs](docs/api.md)\n")).contains("link-to-the-docs");
  }

  @Test
  void linksInsideCodeAreNotLinks() {
    assertThat(links("```\n[x](missing.md)\n```\nsee `[y](gone.md)` and [z](real.md)\n"))
        .containsExactly("real.md");
  }

  private static List<Path> markdownFiles() throws IOException {
    List<Path> out =
        new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("k8s/README.md")));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  /** What is wrong with one link of {@code file}, if anything. */
  private static java.util.Optional<String> problem(Path file, String target) throws IOException {
    if (target.isEmpty()) {
      return java.util.Optional.of("empty link");
    }
    if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      return wellFormed(target)
          ? java.util.Optional.empty()
          : java.util.Optional.of(target + ": malformed");
    }
    int hash = target.indexOf('#');
    String pathPart = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved =
        pathPart.isEmpty()
            ? file
            : pathPart.startsWith("/")
                ? ROOT.resolve(decode(pathPart.substring(1)))
                : file.getParent().resolve(decode(pathPart)).normalize();
    if (!Files.exists(resolved)) {
      return java.util.Optional.of(target + ": no such file " + ROOT.relativize(resolved));
    }
    if (anchor != null) {
      if (!resolved.toString().endsWith(".md")) {
        return java.util.Optional.of(target + ": an anchor into a file that is not markdown");
      }
      if (!anchors(Files.readString(resolved)).contains(anchor)) {
        return java.util.Optional.of(
            target + ": no heading '" + anchor + "' in " + ROOT.relativize(resolved));
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean wellFormed(String url) {
    if (!url.matches("(?i)(https?|mailto):.*")) {
      return false;
    }
    try {
      URI uri = new URI(url);
      return url.startsWith("mailto:") || (uri.getHost() != null && !uri.getHost().isBlank());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String decode(String path) {
    return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Link targets of a markdown text, outside fenced code blocks and code spans. */
  static List<String> links(String markdown) {
    List<String> out = new ArrayList<>();
    for (String line : prose(markdown)) {
      String text = line.replaceAll("`[^`]*`", "");
      Matcher m = INLINE_LINK.matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
      Matcher auto = AUTOLINK.matcher(text);
      while (auto.find()) {
        out.add(auto.group(1));
      }
    }
    return out;
  }

  /** The anchors GitHub gives a markdown text's headings, duplicates numbered from 1. */
  static Set<String> anchors(String markdown) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose(markdown)) {
      Matcher m = HEADING.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String slug = slug(m.group(2));
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      out.add(n == 0 ? slug : slug + "-" + n);
    }
    Matcher html = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"").matcher(markdown);
    while (html.find()) {
      out.add(html.group(1));
    }
    return out;
  }

  /** A heading's text as GitHub's anchor: lower case, punctuation dropped, spaces as hyphens. */
  static String slug(String heading) {
    String text =
        heading
            .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
            .replaceAll("<[^>]+>", "")
            .toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
  }

  /** The lines of a markdown text that are not inside a fenced code block. */
  private static List<String> prose(String markdown) {
    List<String> out = new ArrayList<>();
    String fence = null;
    for (String line : markdown.split("\n", -1)) {
      String stripped = line.strip();
      if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
        fence = stripped.substring(0, 3);
      } else if (fence != null && stripped.startsWith(fence)) {
        fence = null;
      } else if (fence == null) {
        out.add(line);
      }
    }
    return out;
  }
}
