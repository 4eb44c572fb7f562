package io.lastmile.controlplane.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.UUID;

/** The databases the store tests run on. */
final class TestDatabases {
  private TestDatabases() {}

  /** An H2 file in {@code dir}, as the control plane uses it when no database is configured. */
  static Database h2(Path dir) {
    return Database.open(
        "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";WRITE_DELAY=0", "", "", 8);
  }

  /**
   * The PostgreSQL server named by {@code LASTMILE_TEST_PG_URL} (or the system property {@code
   * lastmile.test.pg-url}). Without one the test is skipped, except in CI, where it fails.
   */
  static Database postgres() {
    String url = System.getProperty("lastmile.test.pg-url", System.getenv("LASTMILE_TEST_PG_URL"));
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but LASTMILE_TEST_PG_URL is not set: .ci/run starts PostgreSQL and sets it");
      }
      assumeTrue(false, "LASTMILE_TEST_PG_URL is not set; PostgreSQL tests skipped");
    }
    return Database.open(url, "", "", 8);
  }

  /** A region nobody else uses, so tests sharing one database do not see each other's rows. */
  static String freshRegion() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
