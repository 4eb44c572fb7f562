package io.lastmile.controlplane.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store on the embedded H2 file the control plane uses when no database is configured. */
class H2JdbcJobStoreTest extends JdbcJobStoreContract {
  @TempDir Path dir;

  @Override
  Database open() {
    return TestDatabases.h2(dir);
  }
}
