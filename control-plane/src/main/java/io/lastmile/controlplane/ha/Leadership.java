package io.lastmile.controlplane.ha;

import io.lastmile.controlplane.domain.NotLeaderException;

/**
 * Whether this control plane leads, whom it follows otherwise, and the fencing epoch it took. Read
 * by the API adapters (followers refuse agents and writes), readiness and metrics.
 */
public final class Leadership {
  /** The part this control plane plays. */
  public enum Role {
    LEADER,
    FOLLOWER
  }

  private volatile Role role = Role.FOLLOWER;
  private volatile String holder = "";
  private volatile long epoch = -1;
  private volatile boolean followerReady;
  private final String identity;
  private final java.util.List<Runnable> onLead = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Leadership(String identity) {
    this.identity = identity;
  }

  /** A control plane that leads from the start (leader election disabled). */
  public static Leadership sole(String identity, long epoch) {
    Leadership leadership = new Leadership(identity);
    leadership.led(epoch);
    return leadership;
  }

  public String identity() {
    return identity;
  }

  public Role role() {
    return role;
  }

  public boolean isLeader() {
    return role == Role.LEADER;
  }

  /**
   * Whether a follower reports ready too: where the Services select the leader by its pod label
   * ({@link LeaderPodLabel}), a Ready follower lets a rollout or a node drain complete, and
   * readiness no longer has to keep traffic off it.
   */
  public void followersReady(boolean ready) {
    this.followerReady = ready;
  }

  /** Ready: the leader, or a follower where {@link #followersReady} is on. */
  public boolean ready() {
    return isLeader() || followerReady;
  }

  /** The current leader's identity as last observed; empty while unknown. */
  public String holder() {
    return holder;
  }

  /** The fencing epoch taken when this control plane last took the lead; -1 before. */
  public long epoch() {
    return epoch;
  }

  /** This control plane took the lead with {@code epoch}. */
  public void led(long takenEpoch) {
    this.epoch = takenEpoch;
    this.holder = identity;
    this.role = Role.LEADER;
    onLead.forEach(Runnable::run);
  }

  /**
   * Runs {@code duty} once this control plane leads: now when it already does, else when it takes
   * the lead. A leader that loses the lead exits, so a duty never needs stopping on a follower.
   */
  public synchronized void whenLeading(Runnable duty) {
    if (isLeader()) {
      duty.run();
    } else {
      Runnable once =
          new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
              if (!ran) {
                ran = true;
                duty.run();
              }
            }
          };
      onLead.add(once);
    }
  }

  /** Another replica holds the lead, or this one lost it. */
  public void following(String leader) {
    this.role = Role.FOLLOWER;
    this.holder = leader == null ? "" : leader;
  }

  /**
   * Fails unless this control plane leads.
   *
   * @throws NotLeaderException on a follower, naming the leader
   */
  public void requireLeader() {
    if (!isLeader()) {
      throw new NotLeaderException(identity, holder);
    }
  }
}
