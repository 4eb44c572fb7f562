package io.lastmile.controlplane.store;

import io.lastmile.controlplane.auth.NodeCredentialStore;

/** Node credentials on a real PostgreSQL server (see {@link TestDatabases#postgres()}). */
class PostgresNodeCredentialStoreTest extends NodeCredentialStoreContract {
  @Override
  NodeCredentialStore open() {
    return new JdbcNodeCredentialStore(TestDatabases.postgres(), TestDatabases.freshRegion());
  }
}
