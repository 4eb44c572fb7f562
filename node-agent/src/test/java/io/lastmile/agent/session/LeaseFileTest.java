package io.lastmile.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseFileTest {
  @TempDir Path dir;

  @Test
  void aWrittenLeaseReadsBackAndTheLatestWins() {
    LeaseFile file = new LeaseFile(dir.resolve("lease.properties"));
    assertThat(file.read()).isEmpty();

    file.write(new LeaseFile.Lease(Duration.ofSeconds(54), Instant.ofEpochMilli(1_000)));
    file.write(new LeaseFile.Lease(Duration.ofSeconds(54), Instant.ofEpochMilli(3_000)));

    assertThat(new LeaseFile(dir.resolve("lease.properties")).read())
        .hasValue(new LeaseFile.Lease(Duration.ofSeconds(54), Instant.ofEpochMilli(3_000)));
    assertThat(dir.resolve("lease.properties.tmp")).doesNotExist();
  }

  @Test
  void aDamagedFileIsNoLease() throws Exception {
    Files.writeString(dir.resolve("lease.properties"), "lease-millis=soon\n");

    assertThat(new LeaseFile(dir.resolve("lease.properties")).read()).isEmpty();
  }
}
