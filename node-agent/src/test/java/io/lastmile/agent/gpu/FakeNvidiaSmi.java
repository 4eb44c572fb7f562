package io.lastmile.agent.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * An executable shell script standing in for nvidia-smi, so tests go through the real process code
 * path. It records its arguments next to itself.
 */
final class FakeNvidiaSmi {
  private final Path dir;

  private FakeNvidiaSmi(Path dir) {
    this.dir = dir;
  }

  /** A script that prints the given captured output and exits 0. */
  static FakeNvidiaSmi printing(Path dir, String fixture) {
    write(dir.resolve("stdout.txt"), Fixtures.nvidiaSmi(fixture));
    return withBody(dir, "cat \"$(dirname \"$0\")/stdout.txt\"");
  }

  /** A script with the given shell body. */
  static FakeNvidiaSmi withBody(Path dir, String body) {
    Path script = dir.resolve("nvidia-smi");
    write(
        script,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args.txt\"\n" + body + "\n");
    try {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FakeNvidiaSmi(dir);
  }

  String path() {
    return dir.resolve("nvidia-smi").toString();
  }

  List<String> receivedArguments() {
    try {
      return Files.readAllLines(dir.resolve("args.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
