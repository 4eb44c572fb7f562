package io.lastmile.controlplane.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.lastmile.api.v1.ControlMessage;
import java.util.ArrayDeque;
import java.util.Queue;
import org.jboss.logging.Logger;

/**
 * Flow control of one agent stream, both ways, so that an agent that stops reading costs the
 * control plane a bounded amount of memory.
 *
 * <p>Inbound, messages are read one at a time ({@link #readNext} asks for the next once the last is
 * handled) and only while the outbound side is ready: an agent that does not read its answers is
 * not read either, and what it sends waits in its own buffers under HTTP/2 flow control. Outbound,
 * a message is handed to gRPC while the stream is ready and queued here otherwise; at most {@link
 * #MAX_QUEUED} wait. The next one closes the stream with RESOURCE_EXHAUSTED ("the agent stopped
 * reading"): an agent that reads again sees the error, dials again and registers, and its attempts
 * are reconciled as after any reconnect.
 *
 * <p>Every use of the gRPC stream goes through this object's lock: the stream is not thread-safe,
 * and messages are sent from the stream's thread, the report workers and the scheduling loop.
 */
final class StreamFlow {
  private static final Logger LOG = Logger.getLogger(StreamFlow.class);

  /**
   * Messages that may wait for one agent that does not read. Reading stops while it does not, so
   * only what the control plane sends of its own accord (assignments, cancels, fences, drains)
   * fills this; a node gets a few of those per attempt.
   */
  static final int MAX_QUEUED = 1_000;

  private final ServerCallStreamObserver<ControlMessage> out;
  private final AgentStreamMeters meters;
  private final Queue<ControlMessage> queued = new ArrayDeque<>();
  private final String stream;
  private final Runnable overflowed;
  private boolean readWanted;
  private boolean stalled;
  private boolean closed;

  /**
   * Takes over {@code out}'s flow control and asks for the first message; call from the service
   * method, before it returns.
   *
   * @param stream names the stream in log lines
   * @param overflowed called once this closed the stream because the agent stopped reading
   */
  StreamFlow(
      ServerCallStreamObserver<ControlMessage> out,
      AgentStreamMeters meters,
      String stream,
      Runnable overflowed) {
    this.out = out;
    this.meters = meters;
    this.stream = stream;
    this.overflowed = overflowed;
    out.disableAutoRequest();
    out.setOnReadyHandler(this::ready);
    out.request(1);
  }

  /** Asks for the next inbound message: now if the stream is ready, else once it is. */
  synchronized void readNext() {
    if (closed) {
      return;
    }
    if (out.isReady()) {
      out.request(1);
    } else {
      readWanted = true;
      stall(true);
    }
  }

  /** Sends {@code message}, or queues it while the agent does not read. */
  void send(ControlMessage message) {
    if (!offer(message)) {
      overflow();
    }
  }

  /** False when the queue is full: {@code message} is not sent. */
  private synchronized boolean offer(ControlMessage message) {
    if (closed || out.isCancelled()) {
      return true;
    }
    if (queued.size() >= MAX_QUEUED) {
      return false;
    }
    queued.add(message);
    meters.queued(queued.size());
    flush();
    return true;
  }

  /** Completes the stream once what is queued is sent. */
  synchronized void complete() {
    if (!closed) {
      closed = true;
      flush();
      call(out::onCompleted);
      stall(false);
    }
  }

  /**
   * Ends the stream with {@code status}, dropping what is queued.
   *
   * @return false when it had ended already
   */
  synchronized boolean fail(StatusRuntimeException status) {
    if (closed) {
      return false;
    }
    closed = true;
    queued.clear();
    stall(false);
    call(() -> out.onError(status));
    return true;
  }

  /** Messages waiting for the agent to read. */
  synchronized int queued() {
    return queued.size();
  }

  private synchronized void ready() {
    flush();
    if (readWanted && !closed && out.isReady()) {
      readWanted = false;
      stall(false);
      out.request(1);
    }
  }

  private void flush() {
    while (!queued.isEmpty() && out.isReady() && !out.isCancelled()) {
      ControlMessage next = queued.poll();
      call(() -> out.onNext(next));
    }
  }

  private void overflow() {
    StatusRuntimeException status =
        Status.RESOURCE_EXHAUSTED
            .withDescription(
                ("the agent stopped reading: %d messages waited for it; dial again and register")
                    .formatted(MAX_QUEUED))
            .asRuntimeException();
    if (fail(status)) {
      LOG.warnf(
          "closed agent stream %s: the agent stopped reading and %d messages waited for it",
          stream, MAX_QUEUED);
      meters.overflow();
      overflowed.run();
    }
  }

  private void stall(boolean now) {
    if (stalled != now) {
      stalled = now;
      meters.stalled(now);
    }
  }

  private void call(Runnable send) {
    try {
      send.run();
    } catch (RuntimeException e) {
      // The call ended under us (the agent went away): its cancel handler cleans up.
      LOG.debugf("cannot send on agent stream %s: %s", stream, e.getMessage());
    }
  }
}
