package io.lastmile.controlplane.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Whether the database answers, checked every second on a connection of its own, so that neither a
 * busy pool nor a hung request makes the answer wrong. Readiness, the scheduling loop and the
 * lost-node clock read it: the control plane reports itself unready while the database is away, and
 * does not count that time against agents whose state it could not write.
 */
public final class DatabaseProbe implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DatabaseProbe.class);

  /** How often the database is checked. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  /** A check older than this no longer counts: the probe itself is stuck. */
  static final Duration STALE_AFTER = Duration.ofSeconds(4);

  /**
   * What the last check found.
   *
   * @param since when the database last went up or down
   * @param checkedAt when the last check ended
   * @param error why the last check failed; empty when it passed
   */
  public record Reading(boolean up, Instant since, Instant checkedAt, String error) {}

  private final String url;
  private final Properties properties;
  private final Driver driver;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private Connection connection; // touched on the timer's thread only
  private volatile Reading last;

  DatabaseProbe(String url, String user, String password, Dialect dialect) {
    this(url, user, password, dialect, Clock.systemUTC());
  }

  DatabaseProbe(String url, String user, String password, Dialect dialect, Clock clock) {
    this.url = url;
    this.clock = clock;
    this.driver = dialect == Dialect.POSTGRESQL ? new org.postgresql.Driver() : new org.h2.Driver();
    this.properties = new Properties();
    if (!user.isEmpty()) {
      properties.setProperty("user", user);
      properties.setProperty("password", password);
    }
    dialect.connectionProperties().forEach(properties::setProperty);
    Instant now = clock.instant();
    // Open was called once the schema migrated, so the database answered a moment ago.
    this.last = new Reading(true, now, now, "");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lastmile-database-probe");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The last reading; a reading older than a few seconds counts as the database being away. */
  public Reading reading() {
    Reading r = last;
    Instant now = clock.instant();
    if (r.up() && r.checkedAt().plus(STALE_AFTER).isBefore(now)) {
      return new Reading(false, r.checkedAt(), r.checkedAt(), "no answer to the last check");
    }
    return r;
  }

  void check() {
    String error = "";
    try {
      if (connection == null || connection.isClosed()) {
        connection = driver.connect(url, properties);
      }
      if (!connection.isValid(Database.VALIDATION_TIMEOUT_SECONDS)) {
        error = "the database did not answer within " + Database.VALIDATION_TIMEOUT_SECONDS + " s";
      }
    } catch (SQLException | RuntimeException e) {
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    if (!error.isEmpty()) {
      closeConnection();
    }
    record(error);
  }

  private void record(String error) {
    Instant now = clock.instant();
    Reading previous = last;
    boolean up = error.isEmpty();
    if (up != previous.up()) {
      if (up) {
        LOG.infof(
            "the database answers again after %d s",
            Duration.between(previous.since(), now).toSeconds());
      } else {
        LOG.errorf(
            "the database at %s does not answer (%s); the control plane reports itself unready,"
                + " refuses writes with UNAVAILABLE and pauses scheduling until it does",
            Database.redact(url), error);
      }
    }
    last = new Reading(up, up == previous.up() ? previous.since() : now, now, error);
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Already broken: nothing to release.
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnection();
  }
}
