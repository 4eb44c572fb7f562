package io.lastmile.controlplane.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Retention of finished jobs on the embedded H2 file. */
class H2FinishedJobRetentionTest extends FinishedJobRetentionContract {
  @TempDir Path dir;

  @Override
  Database open() {
    return TestDatabases.h2(dir);
  }
}
