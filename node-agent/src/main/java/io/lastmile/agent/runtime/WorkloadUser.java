package io.lastmile.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The user workloads run as. An agent running as root switches to an unprivileged account before it
 * starts a workload (through {@code setpriv}); an unprivileged agent runs them as itself, since it
 * cannot switch and needs nothing more.
 *
 * @param name account name; empty when workloads run as the agent's own user
 * @param uid numeric user id; -1 when workloads run as the agent's own user
 * @param gid primary group id; -1 when workloads run as the agent's own user
 */
public record WorkloadUser(String name, int uid, int gid) {

  /** Workloads run as the agent's own user: no switch. */
  public static final WorkloadUser AGENT = new WorkloadUser("", -1, -1);

  /** Whether starting a workload switches to another user. */
  public boolean switches() {
    return uid >= 0;
  }

  /** A passwd entry as {@code getent passwd} prints it, or none. */
  public interface Accounts {
    Optional<WorkloadUser> find(String name);
  }

  /**
   * Chooses who workloads run as.
   *
   * @param agentUid the agent's own effective user id
   * @param configured {@code lastmile.agent.workload.user}
   * @param allowRoot {@code lastmile.agent.workload.allow-root}
   * @throws IllegalStateException when the agent is root and has no unprivileged user to switch to,
   *     saying what to set
   */
  public static WorkloadUser choose(
      long agentUid, String configured, boolean allowRoot, Accounts accounts) {
    return choose(agentUid, false, configured, allowRoot, accounts);
  }

  /**
   * Chooses who workloads run as, for an agent that may or may not change users.
   *
   * @param mayChangeUser whether an unprivileged agent holds CAP_SETUID and CAP_SETGID (the systemd
   *     unit grants them): it then runs workloads as {@code configured}, which must exist and be
   *     neither root nor the agent's own user
   * @throws IllegalStateException when the chosen way cannot work, saying what to set
   */
  public static WorkloadUser choose(
      long agentUid,
      boolean mayChangeUser,
      String configured,
      boolean allowRoot,
      Accounts accounts) {
    String name = configured == null ? "" : configured.strip();
    Optional<WorkloadUser> found = name.isEmpty() ? Optional.empty() : accounts.find(name);
    if (agentUid != 0) {
      if (!mayChangeUser) {
        return AGENT;
      }
      if (found.isPresent() && found.get().uid() != 0 && found.get().uid() != agentUid) {
        return found.get();
      }
      String problem =
          found.isEmpty()
              ? "lastmile.agent.workload.user=%s names no user on this host".formatted(name)
              : "lastmile.agent.workload.user=%s is %s"
                  .formatted(name, found.get().uid() == 0 ? "root" : "the agent's own user");
      throw new IllegalStateException(
          ("the agent holds CAP_SETUID and CAP_SETGID to run workloads as another user, but %s."
                  + " Create the user (useradd --system --no-create-home --shell"
                  + " /usr/sbin/nologin lastmile-workload) or set lastmile.agent.workload.user"
                  + " to an unprivileged user other than the agent's")
              .formatted(problem));
    }
    if (found.isPresent() && found.get().uid() != 0) {
      return found.get();
    }
    if (allowRoot) {
      return AGENT;
    }
    String problem =
        name.isEmpty()
            ? "lastmile.agent.workload.user is empty"
            : found.isPresent()
                ? "lastmile.agent.workload.user=%s is root (uid 0)".formatted(name)
                : "lastmile.agent.workload.user=%s names no user on this host".formatted(name);
    throw new IllegalStateException(
        ("the agent runs as root and would run workloads as root: %s. Create the user (useradd"
                + " --system --no-create-home --shell /usr/sbin/nologin lastmile-workload), set"
                + " lastmile.agent.workload.user to an existing unprivileged user, or set"
                + " lastmile.agent.workload.allow-root=true to run workloads as root")
            .formatted(problem));
  }

  /**
   * Whether this process may change its user and groups: CAP_SETUID and CAP_SETGID in its effective
   * capabilities ({@code CapEff} of {@code /proc/self/status}), as the systemd unit's {@code
   * AmbientCapabilities} give an agent that runs as its own user.
   */
  public static boolean agentMayChangeUser() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
          long setuidAndSetgid = (1L << 7) | (1L << 6);
          return (caps & setuidAndSetgid) == setuidAndSetgid;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // No procfs or an unexpected format: assume the agent cannot change users.
    }
    return false;
  }

  /** The agent's effective user id, from the owner of {@code /proc/self}. */
  public static long agentUid() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      // No procfs: treat the agent as unprivileged; it cannot switch users without one anyway.
      return -1;
    }
  }

  /** Looks an account up through {@code getent passwd}, so NSS sources (LDAP, sssd) count too. */
  public static Optional<WorkloadUser> getent(String name) {
    if (!name.matches("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}")) {
      return Optional.empty();
    }
    try {
      Process p =
          new ProcessBuilder("getent", "passwd", name)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      return parse(line);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Reads {@code name:password:uid:gid:...}. */
  static Optional<WorkloadUser> parse(String passwdLine) {
    String[] fields = passwdLine.split(":", -1);
    if (fields.length < 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new WorkloadUser(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
