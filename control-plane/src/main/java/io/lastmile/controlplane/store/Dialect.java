package io.lastmile.controlplane.store;

import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;

/** What differs between the databases the control plane runs on. */
public enum Dialect {
  POSTGRESQL("FOR SHARE"),
  // H2 has no shared row locks; it runs in one process, where the exclusive lock costs little.
  H2("FOR UPDATE");

  private final String sharedLock;

  Dialect(String sharedLock) {
    this.sharedLock = sharedLock;
  }

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "lastmile.store.jdbc-url: %s is neither jdbc:postgresql: nor jdbc:h2:"
            .formatted(Database.redact(jdbcUrl)));
  }

  /** Locking clause that lets writers run concurrently but makes a change of the row wait. */
  String sharedLock() {
    return sharedLock;
  }

  /**
   * Driver settings that bound how long opening a connection may hang when the server is away (the
   * driver's own default waits 10 s to connect and without limit to log in).
   */
  java.util.Map<String, String> connectionProperties() {
    return this == POSTGRESQL
        ? java.util.Map.of("connectTimeout", "3", "loginTimeout", "5", "tcpKeepAlive", "true")
        : java.util.Map.of();
  }

  void tune(AgroalConnectionFactoryConfigurationSupplier factory) {
    // The driver by class, not looked up through DriverManager, which depends on class loaders.
    factory.connectionProviderClass(
        this == POSTGRESQL ? org.postgresql.Driver.class : org.h2.Driver.class);
    if (this == POSTGRESQL) {
      // Turns a JDBC batch of inserts into multi-row statements: group commit needs it.
      factory.jdbcProperty("reWriteBatchedInserts", "true");
      connectionProperties().forEach(factory::jdbcProperty);
    }
  }
}
