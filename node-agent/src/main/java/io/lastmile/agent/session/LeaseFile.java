package io.lastmile.agent.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The agent's lease on its attempts as it last stood (its length, and when the control plane last
 * renewed it), kept in the work directory so that an agent restarted while cut off from the control
 * plane still stops the attempts it re-adopts before the control plane runs them again. A fresh
 * agent would otherwise hold no lease until it registers, and let them run on for ever.
 */
final class LeaseFile {
  private static final Logger LOG = Logger.getLogger(LeaseFile.class);

  /** The lease and the wall-clock time it was last renewed from. */
  record Lease(Duration length, Instant renewedAt) {}

  private final Path file;
  private boolean warned;

  LeaseFile(Path file) {
    this.file = file;
  }

  /** The lease as last written, if there is one that can be read. */
  Optional<Lease> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(in);
      return Optional.of(
          new Lease(
              Duration.ofMillis(Long.parseLong(p.getProperty("lease-millis"))),
              Instant.ofEpochMilli(Long.parseLong(p.getProperty("renewed-at-millis")))));
    } catch (IOException | RuntimeException e) {
      LOG.warnf(
          "cannot read the lease in %s (%s): re-adopted attempts run until the control plane"
              + " answers",
          file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Records the lease; a failure is logged once and the agent carries on. */
  void write(Lease lease) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(
          tmp,
          "lease-millis=%d%nrenewed-at-millis=%d%n"
              .formatted(lease.length().toMillis(), lease.renewedAt().toEpochMilli()));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      warned = false;
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        LOG.warnf(
            "cannot record the lease in %s (%s): an agent restarted while cut off would not stop"
                + " its attempts in time",
            file, e.getMessage());
      }
    }
  }
}
