package io.lastmile.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** A program an end-to-end test drives, such as Chromium or Prometheus. */
final class RequiredTool {
  private RequiredTool() {}

  /**
   * Skips the calling test class when {@code binary} is not installed, except in CI ({@code
   * CI=true}), where its absence is a failure: a test that silently never runs proves nothing.
   *
   * @param howToGetIt what to do about it, such as "install it (apt-get install -y chromium)"
   * @param test what is skipped, for the skip message
   */
  static void require(Path binary, String howToGetIt, String test) {
    if (Files.isExecutable(binary)) {
      return;
    }
    String why = binary + " not found: " + howToGetIt;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true and " + why);
    }
    Assumptions.abort(test + " skipped: " + why);
  }
}
