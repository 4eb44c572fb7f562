package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.scheduler.CandidateScore;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingReasonsTest {

  @Test
  void mostFrequentRejectionNamesTheReason() {
    Decision decision =
        new Decision.Unschedulable(
            List.of(
                new RejectionCount(
                    RejectReason.ROUND_TRIP_OVER_BOUND,
                    3,
                    Rejection.of(RejectReason.ROUND_TRIP_OVER_BOUND, 182, 50)),
                new RejectionCount(
                    RejectReason.INSUFFICIENT_GPUS,
                    1,
                    Rejection.of(RejectReason.INSUFFICIENT_GPUS, 0, 1))),
            4);

    assertThat(PendingReasons.of(decision)).isEqualTo("ROUND_TRIP_OVER_BOUND");
  }

  @Test
  void jobWithoutDecisionIsNotConsideredYet() {
    assertThat(PendingReasons.of(null)).isEqualTo("NOT_CONSIDERED");
  }

  @Test
  void emptyClusterIsNoNodes() {
    assertThat(PendingReasons.of(new Decision.Unschedulable(List.of(), 0))).isEqualTo("NO_NODES");
  }

  @Test
  void pendingJobThatFitsIsWaiting() {
    Decision placed =
        new Decision.Placed(
            Fixtures.node("edge-fra-1").in("de-fra").gpus(1, "L4", 23034, 72).build(),
            List.of(0),
            List.of(new CandidateScore("edge-fra-1", "de-fra", 1, List.of())),
            1,
            1);

    assertThat(PendingReasons.of(placed)).isEqualTo("WAITING");
  }

  @Test
  void everyReasonHasASeriesFromTheStart() {
    assertThat(PendingReasons.all())
        .contains("NOT_CONSIDERED", "WAITING", "NO_NODES", "NODE_CORDONED", "SITE_POWER_CAP")
        .doesNotHaveDuplicates();
  }
}
