package io.lastmile.controlplane.domain;

/**
 * One attempt of a job: the job's id and the attempt's number, counted from 1. Its text, {@code
 * "<jobId>/<number>"}, is the id the wire, the store and the agents' journals carry.
 */
public record AttemptId(String jobId, int number) {

  public AttemptId {
    if (jobId == null || jobId.isEmpty()) {
      throw new IllegalArgumentException("an attempt id needs a job id");
    }
    if (number < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1, got " + number);
    }
  }

  public static AttemptId of(String jobId, int number) {
    return new AttemptId(jobId, number);
  }

  /**
   * Reads {@code "<jobId>/<number>"}.
   *
   * @throws IllegalArgumentException when {@code text} is not an attempt id
   */
  public static AttemptId parse(String text) {
    int slash = text == null ? -1 : text.lastIndexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("not an attempt id (<job id>/<number>): " + text);
    }
    try {
      return new AttemptId(text.substring(0, slash), Integer.parseInt(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an attempt id (<job id>/<number>): " + text, e);
    }
  }

  /** The attempt that follows this one. */
  public AttemptId next() {
    return new AttemptId(jobId, number + 1);
  }

  @Override
  public String toString() {
    return jobId + "/" + number;
  }
}
