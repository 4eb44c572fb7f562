package io.lastmile.controlplane.store;

import io.lastmile.controlplane.auth.NodeCredentialStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Node credentials in the embedded H2 file database. */
class H2NodeCredentialStoreTest extends NodeCredentialStoreContract {
  @TempDir Path dir;

  @Override
  NodeCredentialStore open() {
    return new JdbcNodeCredentialStore(TestDatabases.h2(dir), TestDatabases.freshRegion());
  }
}
