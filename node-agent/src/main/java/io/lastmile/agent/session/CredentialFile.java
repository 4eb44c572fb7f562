package io.lastmile.agent.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * The node's credential on disk, readable by the agent's user only (mode 0600). Beside the
 * credential it keeps the SHA-256 of the enrolment token it came from, so that configuring a new
 * token (after a revocation) makes the agent enrol again.
 */
public final class CredentialFile {
  /** What the file holds. */
  public record Saved(String credential, String enrolmentTokenSha256) {}

  private final Path path;

  public CredentialFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  public Optional<Saved> read() {
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(path)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the node credential file %s (lastmile.agent.credential-file)"
              .formatted(path),
          e);
    }
    String credential = p.getProperty("credential", "").strip();
    return credential.isEmpty()
        ? Optional.empty()
        : Optional.of(new Saved(credential, p.getProperty("enrolment-token-sha256", "")));
  }

  /** Removes the file, so that the agent enrols again at its next start. */
  public void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove the node credential file %s (lastmile.agent.credential-file)"
              .formatted(path),
          e);
    }
  }

  /** Replaces the file atomically; the new file is created with mode 0600 before it is written. */
  public void write(Saved saved) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve(path.getFileName() + ".new");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
        Files.createFile(tmp); // not a POSIX file system: its own access rules apply
      }
      Files.writeString(
          tmp,
          "# Node credential of this agent. Keep it secret; revoke with `lastmile nodes revoke`.\n"
              + "credential="
              + saved.credential()
              + "\nenrolment-token-sha256="
              + saved.enrolmentTokenSha256()
              + "\n");
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the node credential file %s (lastmile.agent.credential-file)"
              .formatted(path),
          e);
    }
  }
}
