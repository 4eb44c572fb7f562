package io.lastmile.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lastmile.controlplane.domain.FencedException;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.ha.Replica;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leader that stops renewing its Lease loses the right to write once the replica that took over
 * raised the fencing epoch: Lease election and the store's fence together.
 */
@EnableKubernetesMockClient(crud = true)
abstract class LeaseFencingContract {
  KubernetesMockServer server;
  Database db;
  String region;
  final Clock clock = Clock.fixed(JdbcJobStoreContract.T0, java.time.ZoneOffset.UTC);
  final Map<String, JdbcJobStore> stores = new ConcurrentHashMap<>();
  Replica a;
  Replica b;

  abstract Database open();

  @BeforeEach
  void openDatabase() {
    db = open();
    region = TestDatabases.freshRegion();
  }

  @AfterEach
  void close() {
    for (Replica r : new Replica[] {a, b}) {
      if (r != null) {
        r.stopRenewing();
      }
    }
    stores.values().forEach(JdbcJobStore::close);
    db.close();
  }

  /** A replica that, on taking the lead, raises the epoch and opens its store, as at start-up. */
  private Replica replica(String identity) {
    return new Replica(
        server.createClient(),
        identity,
        () -> {
          LeaderFence fence = new LeaderFence(region, identity, clock);
          fence.acquire(db);
          stores.put(identity, new JdbcJobStore(db, fence, clock));
        });
  }

  private Job job(String name) {
    return Job.accepted(
        region + "-" + name,
        "req-" + name,
        JdbcJobStoreContract.spec(name),
        JdbcJobStoreContract.T0);
  }

  @Test
  void aDeposedLeadersWritesAreRejectedOnceTheNewLeaderTookTheEpoch() {
    a = replica("replica-a").start();
    b = replica("replica-b").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.leading() || b.leading());
    Replica first = a.leading() ? a : b;
    Replica second = first == a ? b : a;
    JdbcJobStore deposed = stores.get(first.identity);
    Job job = job("job-1");
    deposed.insertIfAbsent(job);

    first.stopRenewing();
    await().atMost(Duration.ofSeconds(10)).until(second::leading);
    JdbcJobStore successor = stores.get(second.identity);
    successor.load(); // the new leader recovers before it writes

    assertThatThrownBy(
            () -> deposed.update(job.pending("from the deposed leader", JdbcJobStoreContract.T0)))
        .isInstanceOf(FencedException.class);
    assertThatThrownBy(() -> deposed.insertIfAbsent(job("job-2")))
        .isInstanceOf(FencedException.class);
    successor.update(job.pending("from the new leader", JdbcJobStoreContract.T0));
    assertThat(successor.load().jobs())
        .singleElement()
        .extracting(Job::message)
        .isEqualTo("from the new leader");
  }
}
