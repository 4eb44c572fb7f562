package io.lastmile.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeCredentialsTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-05T10:00:00Z"));
  private final NodeCredentials credentials =
      new NodeCredentials(
          new InMemoryNodeCredentialStore(),
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now.get();
            }
          });

  @Test
  void tokenWorksUntilJustBeforeItsExpiry() {
    String early = credentials.issue(Duration.ofMinutes(15), "", "oncall").token();
    String late = credentials.issue(Duration.ofMinutes(15), "", "oncall").token();

    now.set(now.get().plus(Duration.ofMinutes(15)).minusMillis(1));
    String credential = credentials.enroll(early, "edge-1");
    now.set(now.get().plusMillis(1));

    assertThat(credentials.authenticate("Bearer " + credential)).isEqualTo("edge-1");
    assertThatThrownBy(() -> credentials.enroll(late, "edge-2"))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("expired at 2026-01-05T10:15:00Z")
        .hasMessageContaining("lastmile nodes enroll-token");
  }

  @Test
  void ttlAndNodeIdAreChecked() {
    assertThatThrownBy(() -> credentials.issue(Duration.ofSeconds(59), "", "oncall"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("ttl: must be from 1 minute to 7 days (got \"PT59S\")");
    assertThatThrownBy(() -> credentials.issue(Duration.ofDays(8), "", "oncall"))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> credentials.issue(null, "Edge_1", "oncall"))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("node_id");
    assertThat(credentials.issue(null, "", "oncall").expiresAt())
        .isEqualTo(now.get().plus(NodeCredentials.DEFAULT_TTL));
  }

  @Test
  void revokedCredentialSaysHowToReEnrol() {
    String credential =
        credentials.enroll(credentials.issue(null, "edge-1", "oncall").token(), "edge-1");

    credentials.revoke("edge-1");

    assertThatThrownBy(() -> credentials.authenticate("Bearer " + credential))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("node edge-1 was revoked")
        .hasMessageContaining("`lastmile nodes enroll-token --node-id edge-1`");
    assertThatThrownBy(() -> credentials.authenticate(null))
        .hasMessageContaining("no node credential");
  }

  @Test
  void aPodEnrolsOnlyTheNodeItRunsOn() {
    String node = "ip-10-0-1-23.eu-central-1.compute.internal";
    PodIdentities cluster =
        token -> {
          if (!token.equals("sa-token")) {
            throw new UnauthenticatedException("not accepted");
          }
          return new PodIdentities.Pod("lastmile-agents", "lastmile-agent-x7k2p", node);
        };

    String credential = credentials.enrollPod(" sa-token\n", node, cluster);
    assertThat(credentials.authenticate("Bearer " + credential)).isEqualTo(node);
    // Enrolling again replaces the credential.
    String again = credentials.enrollPod("sa-token", node, cluster);
    assertThat(credentials.authenticate("Bearer " + again)).isEqualTo(node);
    assertThatThrownBy(() -> credentials.authenticate("Bearer " + credential))
        .isInstanceOf(UnauthenticatedException.class);

    assertThatThrownBy(() -> credentials.enrollPod("sa-token", "edge-2", cluster))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("the pod lastmile-agents/lastmile-agent-x7k2p runs on node " + node)
        .hasMessageContaining("not edge-2");
    assertThatThrownBy(() -> credentials.enrollPod("stolen", node, cluster))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> credentials.enrollPod(" ", node, cluster))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("ServiceAccount token file is empty");
    assertThatThrownBy(() -> credentials.enrollPod("sa-token", "Bad_Id", cluster))
        .isInstanceOf(InvalidFieldException.class);
    assertThatThrownBy(() -> credentials.enrollPod("sa-token", node, PodIdentities.NONE))
        .isInstanceOf(PreconditionException.class)
        .hasMessageContaining("lastmile.kubernetes.enabled=true");
  }
}
