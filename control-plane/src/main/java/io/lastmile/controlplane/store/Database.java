package io.lastmile.controlplane.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.lastmile.controlplane.domain.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The control plane's database: a connection pool on PostgreSQL or an embedded H2 file, with the
 * schema migrated to the current version on open.
 *
 * <p>The database may go away and come back (a restart, a fail-over, a network cut) without the
 * control plane being restarted: a connection that fails with a connection-class error is closed
 * rather than returned to the pool, one that sat idle is checked before it is handed out, and
 * borrowing gives up after the acquisition timeout, so a request fails with UNAVAILABLE instead of
 * waiting for ever. {@link #probe()} tells whether the database answers, on a connection of its
 * own.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Database.class);

  /** How long a borrowed connection may sit idle before it is checked on the next borrow. */
  static final Duration IDLE_VALIDATION = Duration.ofSeconds(2);

  /** How long a validity check may take. */
  static final int VALIDATION_TIMEOUT_SECONDS = 2;

  private final AgroalDataSource pool;
  private final Dialect dialect;
  private final DatabaseProbe probe;

  private Database(AgroalDataSource pool, Dialect dialect, DatabaseProbe probe) {
    this.pool = pool;
    this.dialect = dialect;
    this.probe = probe;
  }

  /** Opens the database with a 5 s acquisition timeout; see the full form. */
  public static Database open(String jdbcUrl, String user, String password, int maxConnections) {
    return open(jdbcUrl, user, password, maxConnections, Duration.ofSeconds(5));
  }

  /**
   * Opens the database at {@code jdbcUrl} and migrates its schema.
   *
   * @param user user name; empty when the URL carries it or none is needed
   * @param acquisitionTimeout how long a request waits for a connection before it fails with
   *     UNAVAILABLE (while the database is down, every request waits this long)
   */
  public static Database open(
      String jdbcUrl,
      String user,
      String password,
      int maxConnections,
      Duration acquisitionTimeout) {
    Dialect dialect = Dialect.of(jdbcUrl);
    AgroalDataSource pool;
    try {
      pool =
          AgroalDataSource.from(
              new AgroalDataSourceConfigurationSupplier()
                  .connectionPoolConfiguration(
                      cp ->
                          cp.maxSize(maxConnections)
                              .initialSize(1)
                              .acquisitionTimeout(acquisitionTimeout)
                              .exceptionSorter(Database::brokenConnection)
                              .connectionValidator(
                                  AgroalConnectionPoolConfiguration.ConnectionValidator
                                      .defaultValidatorWithTimeout(VALIDATION_TIMEOUT_SECONDS))
                              .idleValidationTimeout(IDLE_VALIDATION)
                              .validationTimeout(Duration.ofSeconds(30))
                              .connectionFactoryConfiguration(
                                  cf -> {
                                    cf.jdbcUrl(jdbcUrl).autoCommit(false);
                                    if (!user.isEmpty()) {
                                      cf.principal(new NamePrincipal(user))
                                          .credential(new SimplePassword(password));
                                    }
                                    dialect.tune(cf);
                                    return cf;
                                  })));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the database at " + redact(jdbcUrl), e);
    }
    Database db = new Database(pool, dialect, new DatabaseProbe(jdbcUrl, user, password, dialect));
    db.migrate();
    LOG.infof("state in %s (%s)", redact(jdbcUrl), dialect);
    return db;
  }

  private void migrate() {
    Flyway.configure(Database.class.getClassLoader())
        .dataSource(pool)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Whether the database answers, checked on a connection outside the pool. */
  public DatabaseProbe probe() {
    return probe;
  }

  /**
   * Whether {@code error} means the connection itself is gone (SQL state class 08, connection
   * exception; 57P01 to 57P03, the server shutting down or starting), so that the pool closes it
   * instead of handing it out again.
   */
  static boolean brokenConnection(SQLException error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException e && e.getSQLState() != null) {
        String state = e.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P0")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public <T> T inTransaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** The URL without anything after a '?' or ';' that may hold a password. */
  static String redact(String jdbcUrl) {
    int cut = jdbcUrl.length();
    for (char c : new char[] {'?', ';'}) {
      int at = jdbcUrl.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return jdbcUrl.substring(0, cut);
  }

  @Override
  public void close() {
    probe.close();
    pool.close();
  }
}
