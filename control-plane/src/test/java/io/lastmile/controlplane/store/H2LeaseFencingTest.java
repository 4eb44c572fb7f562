package io.lastmile.controlplane.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Lease fencing on the embedded H2 file database. */
class H2LeaseFencingTest extends LeaseFencingContract {
  @TempDir Path dir;

  @Override
  Database open() {
    return TestDatabases.h2(dir);
  }
}
