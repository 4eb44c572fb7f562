package io.lastmile.controlplane.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, read by tests that check documentation against the code. */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The repository's root: the nearest folder above the working directory with the wrapper. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("control-plane"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }
}
