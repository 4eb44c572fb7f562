package io.lastmile.controlplane.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas on one Lease of a Kubernetes API server (Fabric8's, in CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class LeaseElectionTest {
  KubernetesMockServer server;
  KubernetesClient client;
  Replica a;
  Replica b;

  @AfterEach
  void stopReplicas() {
    Stream.of(a, b).filter(r -> r != null).forEach(Replica::stopRenewing);
  }

  private void startBoth() {
    a = new Replica(server.createClient(), "replica-a", () -> {}).start();
    b = new Replica(server.createClient(), "replica-b", () -> {}).start();
  }

  private String holder() {
    Lease lease =
        client
            .resources(Lease.class)
            .inNamespace("lastmile")
            .withName("lastmile-control-plane")
            .get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  void exactlyOneOfTwoReplicasLeads() {
    startBoth();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leading() || b.leading());
    // Several renewal rounds later there is still one leader, and the Lease names it.
    await()
        .during(Replica.LEASE.plus(Replica.RETRY.multipliedBy(3)))
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.leading() != b.leading());
    Replica leader = a.leading() ? a : b;
    Replica follower = leader == a ? b : a;
    assertThat(holder()).isEqualTo(leader.identity);
    assertThat(follower.events).doesNotContain("started").contains("observed " + leader.identity);
  }

  @Test
  void theFollowerTakesOverWhenTheLeaderStopsRenewing() {
    startBoth();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leading() || b.leading());
    Replica leader = a.leading() ? a : b;
    Replica follower = leader == a ? b : a;

    long stoppedAt = System.nanoTime();
    leader.stopRenewing();

    await()
        .atMost(Replica.LEASE.plus(Replica.RETRY).plus(Duration.ofSeconds(2)))
        .until(follower::leading);
    Duration took = Duration.ofNanos(System.nanoTime() - stoppedAt);
    // The Lease was not handed back: the follower had to wait for it to expire.
    assertThat(took).isGreaterThanOrEqualTo(Replica.LEASE.minus(Replica.RETRY));
    assertThat(holder()).isEqualTo(follower.identity);
    assertThat(leader.events).contains("started", "stopped");
  }

  @Test
  void settingsThatCannotWorkAreRefusedNamingTheKeyAndValue() {
    Duration s10 = Duration.ofSeconds(10);
    Duration s15 = Duration.ofSeconds(15);
    Duration s2 = Duration.ofSeconds(2);
    List.of(
            new Object[] {s15, s15, s2, "lastmile.leader-election.renew-deadline: PT15S"},
            new Object[] {s15, s10, s10, "lastmile.leader-election.retry-period: PT10S"},
            new Object[] {Duration.ZERO, s10, s2, "lastmile.leader-election.lease-duration: "})
        .forEach(
            row ->
                assertThatThrownBy(
                        () ->
                            new ElectionSettings(
                                "lease",
                                "ns",
                                "me",
                                (Duration) row[0],
                                (Duration) row[1],
                                (Duration) row[2]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining((String) row[3]));
    assertThatThrownBy(() -> new ElectionSettings("lease", " ", "me", s15, s10, s2))
        .hasMessageContaining("lastmile.leader-election.namespace");
  }

  @Test
  void onFailoverTheLabelAndWithItTheTrafficMoveToTheNewLeader() throws Exception {
    LeaderPodLabelTest.pod(client, "replica-a", false);
    LeaderPodLabelTest.pod(client, "replica-b", false);
    a = labelling("replica-a");
    b = labelling("replica-b");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leading() || b.leading());
    Replica leader = a.leading() ? a : b;
    Replica follower = leader == a ? b : a;
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(LeaderPodLabelTest.endpoints(client, "lastmile-grpc"))
                    .containsExactly(leader.identity));

    leader.stopRenewing(); // frozen or cut off: it neither renews nor unlabels itself

    await()
        .atMost(Replica.LEASE.plus(Replica.RETRY).plus(Duration.ofSeconds(3)))
        .untilAsserted(
            () ->
                assertThat(LeaderPodLabelTest.endpoints(client, "lastmile-grpc"))
                    .containsExactly(follower.identity));
    assertThat(LeaderPodLabelTest.endpoints(client, "lastmile-http"))
        .containsExactly(follower.identity);
  }

  /** A replica that labels its pod when it leads, as the control plane does. */
  private Replica labelling(String identity) {
    LeaderPodLabel label = new LeaderPodLabel(server.createClient(), "lastmile", identity);
    return new Replica(server.createClient(), identity, label::lead).start();
  }
}
