package io.lastmile.controlplane.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A validated job specification with defaults filled in.
 *
 * @param deadline latest start for {@link JobClass#DEFERRABLE} jobs; null otherwise
 * @param timeout wall-clock limit per attempt; null for none
 * @param scoring the job's own scorer weights and packing; {@link JobScoring#DEFAULTS} for none
 * @param tenant the tenant that submitted the job; empty when authentication is off
 * @param keepOnDisconnect whether an attempt keeps running when its node loses the control plane
 *     (and another copy may run meanwhile); false: the agent's lease stops it first
 */
public record JobSpec(
    String name,
    Workload workload,
    ResourceRequest resources,
    PlacementConstraints placement,
    JobClass jobClass,
    Instant deadline,
    Duration expectedDuration,
    int maxAttempts,
    int priority,
    Duration timeout,
    JobScoring scoring,
    String tenant,
    boolean keepOnDisconnect) {

  public static final Duration DEFAULT_EXPECTED_DURATION = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_ATTEMPTS = 1;

  public JobSpec {
    scoring = scoring == null ? JobScoring.DEFAULTS : scoring;
    tenant = tenant == null ? "" : tenant;
  }

  /** A spec whose attempts stop when their node loses the control plane (the default). */
  public JobSpec(
      String name,
      Workload workload,
      ResourceRequest resources,
      PlacementConstraints placement,
      JobClass jobClass,
      Instant deadline,
      Duration expectedDuration,
      int maxAttempts,
      int priority,
      Duration timeout,
      JobScoring scoring,
      String tenant) {
    this(
        name,
        workload,
        resources,
        placement,
        jobClass,
        deadline,
        expectedDuration,
        maxAttempts,
        priority,
        timeout,
        scoring,
        tenant,
        false);
  }

  /** The same spec, submitted by {@code owner}. */
  public JobSpec ownedBy(String owner) {
    return new JobSpec(
        name,
        workload,
        resources,
        placement,
        jobClass,
        deadline,
        expectedDuration,
        maxAttempts,
        priority,
        timeout,
        scoring,
        owner,
        keepOnDisconnect);
  }

  /** The same spec, keeping its attempts running through a partition or not. */
  public JobSpec keepingOnDisconnect(boolean keep) {
    return new JobSpec(
        name,
        workload,
        resources,
        placement,
        jobClass,
        deadline,
        expectedDuration,
        maxAttempts,
        priority,
        timeout,
        scoring,
        tenant,
        keep);
  }

  /** A spec of no tenant that ranks nodes by its class's weights and the default packing. */
  public JobSpec(
      String name,
      Workload workload,
      ResourceRequest resources,
      PlacementConstraints placement,
      JobClass jobClass,
      Instant deadline,
      Duration expectedDuration,
      int maxAttempts,
      int priority,
      Duration timeout) {
    this(
        name,
        workload,
        resources,
        placement,
        jobClass,
        deadline,
        expectedDuration,
        maxAttempts,
        priority,
        timeout,
        JobScoring.DEFAULTS,
        "");
  }
}
