package io.lastmile.controlplane.store;

/**
 * Retention of finished jobs on a real PostgreSQL server (see {@link TestDatabases#postgres()}).
 */
class PostgresFinishedJobRetentionTest extends FinishedJobRetentionContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
