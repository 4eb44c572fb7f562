package io.lastmile.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.auth.NodeCredentialStore;
import io.lastmile.controlplane.auth.NodeCredentialStore.EnrolmentToken;
import io.lastmile.controlplane.auth.NodeCredentialStore.NodeCredential;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link NodeCredentialStore} does, run on each implementation. */
abstract class NodeCredentialStoreContract {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private static final Instant LATER = NOW.plusSeconds(900);

  private final String run = UUID.randomUUID().toString().replace("-", "");
  private NodeCredentialStore store;

  abstract NodeCredentialStore open();

  @BeforeEach
  void setUp() {
    store = open();
  }

  @Test
  void tokenIsUsedOnceAndItsNodeGetsTheCredential() {
    store.addToken(hash('a'), "edge-1", "oncall", NOW, LATER);

    boolean first = store.enroll(hash('a'), "edge-1", hash('s'), NOW);
    boolean second = store.enroll(hash('a'), "edge-2", hash('t'), NOW);

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(store.token(hash('a'))).contains(new EnrolmentToken("edge-1", LATER, true));
    assertThat(store.credential(hash('s'))).contains(new NodeCredential("edge-1", false));
    assertThat(store.credential(hash('t'))).isEmpty();
  }

  @Test
  void enrollingAgainReplacesTheNodesCredential() {
    store.addToken(hash('a'), "", "oncall", NOW, LATER);
    store.addToken(hash('b'), "", "oncall", NOW, LATER);
    store.enroll(hash('a'), "edge-1", hash('s'), NOW);

    store.enroll(hash('b'), "edge-1", hash('t'), NOW);

    assertThat(store.credential(hash('s'))).isEmpty();
    assertThat(store.credential(hash('t'))).contains(new NodeCredential("edge-1", false));
  }

  @Test
  void revokingMarksTheCredentialAndIsIdempotent() {
    store.addToken(hash('a'), "", "oncall", NOW, LATER);
    store.enroll(hash('a'), "edge-1", hash('s'), NOW);

    assertThat(store.revoke("edge-1", NOW)).isTrue();
    assertThat(store.revoke("edge-1", LATER)).isTrue();
    assertThat(store.revoke("edge-unknown", NOW)).isFalse();
    assertThat(store.credential(hash('s'))).contains(new NodeCredential("edge-1", true));
    assertThat(store.token(hash('z'))).isEmpty();
  }

  /** A distinct 64-character value per letter, unique to this test on a shared database. */
  private String hash(char c) {
    return run + String.valueOf(c).repeat(32);
  }
}
