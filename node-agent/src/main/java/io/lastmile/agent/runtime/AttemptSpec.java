package io.lastmile.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the control plane asked this agent to run.
 *
 * <p>{@link #toString()} names the environment's variables but never their values, which may be
 * secrets.
 *
 * @param gpuIndices driver indices of the GPUs the workload may see
 * @param timeout wall-clock limit; null for none
 * @param keepOnDisconnect whether the attempt keeps running when the agent's lease runs out
 */
public record AttemptSpec(
    String attemptId,
    String jobId,
    long epoch,
    String command,
    List<String> args,
    Map<String, String> env,
    List<Integer> gpuIndices,
    Duration timeout,
    boolean keepOnDisconnect) {

  public AttemptSpec {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    gpuIndices = List.copyOf(gpuIndices);
  }

  /** An attempt that the agent's lease stops. */
  public AttemptSpec(
      String attemptId,
      String jobId,
      long epoch,
      String command,
      List<String> args,
      Map<String, String> env,
      List<Integer> gpuIndices,
      Duration timeout) {
    this(attemptId, jobId, epoch, command, args, env, gpuIndices, timeout, false);
  }

  @Override
  public String toString() {
    return "AttemptSpec[attemptId=%s, jobId=%s, epoch=%d, command=%s, %d args, env names %s, gpus %s, timeout %s]"
        .formatted(
            attemptId,
            jobId,
            epoch,
            command,
            args.size(),
            new java.util.TreeSet<>(env.keySet()),
            gpuIndices,
            timeout);
  }
}
