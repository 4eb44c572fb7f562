package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobEventType;
import io.lastmile.controlplane.domain.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageLedgerTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** Record values of a small history: three jobs of two tenants, one re-queued once. */
  static List<String> stream() {
    List<JobEvent> events = new ArrayList<>();
    // acme, job-a: 2 GPUs, runs 90 s, 250 Wh for 0.5 EUR.
    events.add(event("job-a", 0, JobEventType.SUBMITTED, 0, "acme", 2, null, JobState.PENDING));
    events.add(
        event("job-a", 1, JobEventType.PLACED, 0, "acme", 2, JobState.PENDING, JobState.SCHEDULED));
    events.add(
        event(
            "job-a", 2, JobEventType.RUNNING, 0, "acme", 2, JobState.SCHEDULED, JobState.RUNNING));
    events.add(
        priced(
            event(
                "job-a",
                3,
                JobEventType.SUCCEEDED,
                90,
                "acme",
                2,
                JobState.RUNNING,
                JobState.SUCCEEDED),
            250,
            0.5,
            "EUR"));
    // acme, job-b: 1 GPU; attempt 1 runs 30 s and is re-queued (12.5 Wh, 0.25 USD),
    // attempt 2 runs 60 s and fails (50 Wh, 0.125 EUR).
    events.add(event("job-b", 0, JobEventType.SUBMITTED, 0, "acme", 1, null, JobState.PENDING));
    events.add(
        event("job-b", 1, JobEventType.PLACED, 5, "acme", 1, JobState.PENDING, JobState.SCHEDULED));
    events.add(
        event(
            "job-b", 2, JobEventType.RUNNING, 10, "acme", 1, JobState.SCHEDULED, JobState.RUNNING));
    events.add(
        priced(
            event(
                "job-b",
                3,
                JobEventType.REQUEUED,
                40,
                "acme",
                1,
                JobState.RUNNING,
                JobState.PENDING),
            12.5,
            0.25,
            "USD"));
    events.add(
        event(
            "job-b", 4, JobEventType.PLACED, 95, "acme", 1, JobState.PENDING, JobState.SCHEDULED));
    events.add(
        event(
            "job-b",
            5,
            JobEventType.RUNNING,
            100,
            "acme",
            1,
            JobState.SCHEDULED,
            JobState.RUNNING));
    events.add(
        priced(
            event(
                "job-b", 6, JobEventType.FAILED, 160, "acme", 1, JobState.RUNNING, JobState.FAILED),
            50,
            0.125,
            "EUR"));
    // globex, job-c: cancelled before it was placed.
    events.add(event("job-c", 0, JobEventType.SUBMITTED, 0, "globex", 4, null, JobState.PENDING));
    events.add(
        event(
            "job-c",
            1,
            JobEventType.CANCELLED,
            3,
            "globex",
            4,
            JobState.PENDING,
            JobState.CANCELLED));
    return events.stream().map(JobEventJson::format).toList();
  }

  private static JobEvent event(
      String job,
      long version,
      JobEventType type,
      long atSecond,
      String tenant,
      int gpus,
      JobState from,
      JobState to) {
    // Attempt numbers follow placements: job-b's second placement (version 4) is attempt 2.
    int attempt = version == 0 ? 0 : version < 4 ? 1 : 2;
    return new JobEvent(
        job + "-v" + version,
        type,
        T0.plusSeconds(atSecond),
        job,
        version,
        attempt == 0 ? "" : job + "/" + attempt,
        tenant,
        from,
        to,
        "edge-1",
        "de-fra",
        gpus,
        0,
        0,
        "",
        null,
        "");
  }

  private static JobEvent priced(JobEvent e, double wh, double cost, String currency) {
    return new JobEvent(
        e.eventId(),
        e.type(),
        e.time(),
        e.jobId(),
        e.jobVersion(),
        e.attemptId(),
        e.tenant(),
        e.fromState(),
        e.toState(),
        e.nodeId(),
        e.nodeRegion(),
        e.gpus(),
        wh,
        cost,
        currency,
        e.exitCode(),
        e.message());
  }

  private static final UsageLedger.Usage ACME =
      new UsageLedger.Usage(2, 2 * 90 + 30 + 60, 312.5, Map.of("EUR", 0.625, "USD", 0.25));
  private static final UsageLedger.Usage GLOBEX = new UsageLedger.Usage(1, 0, 0, Map.of());

  @Test
  void eachTenantsJobsGpuSecondsEnergyAndCostPerCurrencyAddUp() {
    UsageLedger ledger = new UsageLedger();
    stream().forEach(ledger::apply);

    assertThat(ledger.usage()).isEqualTo(Map.of("acme", ACME, "globex", GLOBEX));
    assertThat(ledger.usage("initech")).isEqualTo(UsageLedger.Usage.NONE);
  }

  @Test
  void everyEventDeliveredTwiceCountsOnce() {
    UsageLedger ledger = new UsageLedger();
    List<Boolean> first = stream().stream().map(ledger::apply).toList();
    List<Boolean> again = stream().stream().map(ledger::apply).toList();

    assertThat(first).containsOnly(true);
    assertThat(again).containsOnly(false);
    assertThat(ledger.usage("acme")).isEqualTo(ACME);
  }

  @Test
  void eventsArrivingInReverseOrderGiveTheSameUsage() {
    List<String> reversed = new ArrayList<>(stream());
    Collections.reverse(reversed);
    UsageLedger ledger = new UsageLedger();
    reversed.forEach(ledger::apply);

    assertThat(ledger.usage()).isEqualTo(Map.of("acme", ACME, "globex", GLOBEX));
  }

  @Test
  void aRecordThatIsNoJobEventNamesTheMissingFieldAndChangesNothing() {
    UsageLedger ledger = new UsageLedger();

    assertThatThrownBy(() -> ledger.apply("{\"type\":\"SUBMITTED\",\"tenant\":\"acme\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'event_id'");
    assertThat(ledger.usage()).isEmpty();
  }
}
