package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobState;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Which jobs a listing shows, in what order, and which page of them: what the dashboard and the
 * REST API filter by. Every set or text left empty matches every job.
 *
 * @param states jobs in one of these states
 * @param classes jobs of one of these classes
 * @param region jobs placed in this region, or not placed yet and from this origin region
 * @param nodeId jobs whose current or last attempt is on this node
 * @param text case-insensitive part of the job's id or name
 * @param tenant jobs this tenant submitted; empty for every tenant's
 * @param offset jobs to skip, in {@code sort} order
 * @param limit most jobs on the page, at least 1
 */
public record JobQuery(
    Set<JobState> states,
    Set<JobClass> classes,
    String region,
    String nodeId,
    String text,
    String tenant,
    Sort sort,
    boolean descending,
    int offset,
    int limit) {

  /** What a listing is ordered by; equal keys go newest first, then by id. */
  public enum Sort {
    CREATED("create_time", Job::createTime),
    UPDATED("update_time", Job::updateTime),
    NAME("name", j -> j.spec().name()),
    STATE("state", j -> j.state().name()),
    CLASS("job_class", j -> j.spec().jobClass().name()),
    NODE("node_id", Job::nodeId),
    REGION("node_region", Job::nodeRegion),
    GPUS("gpu_count", j -> j.spec().resources().gpuCount()),
    ATTEMPTS("attempt_count", Job::attemptCount);

    private final String column;
    private final Comparator<Job> ascending;

    <K extends Comparable<? super K>> Sort(String column, Function<Job, K> key) {
      this.column = column;
      this.ascending = Comparator.comparing(key);
    }

    /** The column of the jobs table that holds the key. */
    String column() {
      return column;
    }
  }

  private static final Comparator<Job> NEWEST_FIRST =
      Comparator.comparing(Job::createTime).thenComparing(Job::id).reversed();

  public JobQuery {
    states = Set.copyOf(states);
    classes = Set.copyOf(classes);
    text = text.toLowerCase(Locale.ROOT);
  }

  /** Newest first, every job of {@code tenant} ({@code ""}: everyone's), the first page. */
  public static JobQuery all(String tenant, int limit) {
    return new JobQuery(Set.of(), Set.of(), "", "", "", tenant, Sort.CREATED, true, 0, limit);
  }

  /** Whether {@code job} passes every filter but the state one (the per-state counts' set). */
  public boolean matchesExceptState(Job job) {
    return (tenant.isEmpty() || tenant.equals(job.spec().tenant()))
        && (classes.isEmpty() || classes.contains(job.spec().jobClass()))
        && (nodeId.isEmpty() || nodeId.equals(job.nodeId()))
        && (region.isEmpty() || region.equals(regionOf(job)))
        && (text.isEmpty()
            || job.id().toLowerCase(Locale.ROOT).contains(text)
            || job.spec().name().toLowerCase(Locale.ROOT).contains(text));
  }

  public boolean matchesState(Job job) {
    return states.isEmpty() || states.contains(job.state());
  }

  /** The listing's order: by {@code sort}, ties newest first. */
  public Comparator<Job> order() {
    Comparator<Job> bySort = descending ? sort.ascending.reversed() : sort.ascending;
    return bySort.thenComparing(NEWEST_FIRST);
  }

  private static String regionOf(Job job) {
    return job.nodeRegion().isEmpty() ? job.spec().placement().originRegion() : job.nodeRegion();
  }
}
