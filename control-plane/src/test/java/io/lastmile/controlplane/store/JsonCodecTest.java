package io.lastmile.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.PackingPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  @Test
  void specRoundTripsWithItsScoring() {
    JobSpec spec = JdbcJobStoreContract.spec("scored");

    assertThat(JsonCodec.spec(JsonCodec.spec(spec))).isEqualTo(spec);
    assertThat(spec.scoring())
        .isEqualTo(
            new JobScoring(Map.of("energy-cost", 3.0, "round-trip", 0.5), PackingPolicy.SPREAD));
  }

  @Test
  void specKeepsItsTenantAndOneStoredBeforeTenantsHasNone() {
    JobSpec spec = JdbcJobStoreContract.spec("owned");
    String stored = JsonCodec.spec(spec);

    assertThat(JsonCodec.spec(stored).tenant()).isEqualTo("acme");
    assertThat(JsonCodec.spec(stored.replace(",\"tenant\":\"acme\"", "")).tenant()).isEmpty();
  }

  @Test
  void specStoredBeforeScoringExistedReadsWithDefaults() {
    JobSpec spec = JdbcJobStoreContract.spec("old");
    String stored = JsonCodec.spec(spec).replaceFirst(",\"scoring\":\\{.*\\}\\}$", "}");

    assertThat(stored).doesNotContain("scoring");
    assertThat(JsonCodec.spec(stored).scoring()).isEqualTo(JobScoring.DEFAULTS);
  }
}
