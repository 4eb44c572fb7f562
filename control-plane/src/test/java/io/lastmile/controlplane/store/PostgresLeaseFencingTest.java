package io.lastmile.controlplane.store;

/** Lease fencing on a real PostgreSQL server (see {@link TestDatabases#postgres()}). */
class PostgresLeaseFencingTest extends LeaseFencingContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
