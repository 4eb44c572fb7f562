package io.lastmile.agent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The agent's background threads: one named daemon thread each, so none keeps the JVM alive. */
public final class DaemonExecutors {
  private DaemonExecutors() {}

  /** A single-thread scheduler whose thread is a daemon called {@code name}. */
  public static ScheduledExecutorService single(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
