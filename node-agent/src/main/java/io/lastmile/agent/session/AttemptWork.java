package io.lastmile.agent.session;

import io.lastmile.agent.runtime.AttemptControl;
import io.lastmile.agent.runtime.AttemptSpec;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the control plane asks of attempts (start, cancel, acknowledge), done on a thread of its own
 * in the order asked. A start forks processes and writes the journal; a burst of assignments done
 * on the session's thread would hold back the heartbeats and their answers, which renew the lease,
 * until the agent stopped its own attempts for a lease it still had.
 *
 * <p>A request whose stream has been replaced when its turn comes is dropped, as the session drops
 * any message of a replaced stream. The session takes the attempts it reports in its next
 * registration under the same lock, so an attempt is either started before that snapshot and
 * reported in it, or never started.
 */
final class AttemptWork implements AttemptControl {
  private static final Logger LOG = Logger.getLogger(AttemptWork.class);

  private final AttemptControl attempts;
  private final Executor worker;
  private final Supplier<Object> stream;
  private final Object lock;

  /**
   * @param stream the session's current stream, read when a request is made and again when it runs
   * @param lock held while a request runs, and by the session while it switches streams
   */
  AttemptWork(AttemptControl attempts, Executor worker, Supplier<Object> stream, Object lock) {
    this.attempts = attempts;
    this.worker = worker;
    this.stream = stream;
    this.lock = lock;
  }

  @Override
  public void start(AttemptSpec spec) {
    later("start attempt " + spec.attemptId(), () -> attempts.start(spec));
  }

  @Override
  public void cancel(String attemptId, String reason, Duration grace) {
    later("cancel attempt " + attemptId, () -> attempts.cancel(attemptId, reason, grace));
  }

  @Override
  public void acknowledged(String attemptId) {
    later("forget attempt " + attemptId, () -> attempts.acknowledged(attemptId));
  }

  @Override
  public void unknown(String attemptId, String reason) {
    later("set aside attempt " + attemptId, () -> attempts.unknown(attemptId, reason));
  }

  private void later(String what, Runnable request) {
    Object from = stream.get();
    try {
      worker.execute(() -> run(what, from, request));
    } catch (RejectedExecutionException e) {
      LOG.debugf("agent stopping: did not %s", what);
    }
  }

  private void run(String what, Object from, Runnable request) {
    synchronized (lock) {
      if (stream.get() != from) {
        LOG.debugf("did not %s: its stream to the control plane was replaced", what);
        return;
      }
      try {
        request.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "could not %s", what);
      }
    }
  }
}
