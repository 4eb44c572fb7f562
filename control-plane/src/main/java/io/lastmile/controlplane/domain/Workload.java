package io.lastmile.controlplane.domain;

import java.util.List;
import java.util.Map;

/**
 * What to run: a host command, or a container image when {@code image} is not empty.
 *
 * <p>{@link #toString()} names the environment's variables but never their values, which may be
 * secrets.
 *
 * @param env the workload's whole environment; nothing of the agent's own is inherited
 */
public record Workload(String command, List<String> args, Map<String, String> env, String image) {
  public Workload {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  @Override
  public String toString() {
    return "Workload[command=%s, %d args, env names %s, image=%s]"
        .formatted(command, args.size(), new java.util.TreeSet<>(env.keySet()), image);
  }

  public static Workload command(String command, String... args) {
    return new Workload(command, List.of(args), Map.of(), "");
  }
}
