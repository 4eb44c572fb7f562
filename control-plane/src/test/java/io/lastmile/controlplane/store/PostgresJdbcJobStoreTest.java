package io.lastmile.controlplane.store;

/** The store on a real PostgreSQL server (see {@link TestDatabases#postgres()}). */
class PostgresJdbcJobStoreTest extends JdbcJobStoreContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
