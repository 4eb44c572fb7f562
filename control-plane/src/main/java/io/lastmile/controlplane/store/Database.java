package io.lastmile.controlplane.store;

import io.agroal.api.AgroalDataSource;
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
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Database.class);

  private final AgroalDataSource pool;
  private final Dialect dialect;

  private Database(AgroalDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /**
   * Opens the database at {@code jdbcUrl} and migrates its schema.
   *
   * @param user user name; empty when the URL carries it or none is needed
   */
  public static Database open(String jdbcUrl, String user, String password, int maxConnections) {
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
                              .acquisitionTimeout(Duration.ofSeconds(30))
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
    Database db = new Database(pool, dialect);
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
    pool.close();
  }
}
