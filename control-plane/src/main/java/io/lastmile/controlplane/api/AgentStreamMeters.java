package io.lastmile.controlplane.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How agent streams keep up: streams not read because their agent does not read, the most messages
 * one stream has had waiting, and streams closed because their agent stopped reading (see {@link
 * StreamFlow}). Registered when the control plane starts, so the counter's first event shows.
 */
@Singleton
@Startup
public final class AgentStreamMeters {
  private final AtomicInteger stalled = new AtomicInteger();
  private final AtomicInteger mostQueued = new AtomicInteger();
  private final Counter overflowed;

  @Inject
  public AgentStreamMeters(MeterRegistry registry) {
    Gauge.builder("lastmile.agent.streams.stalled", stalled, AtomicInteger::get)
        .description("Agent streams not read because their agent does not read what it is sent")
        .register(registry);
    Gauge.builder("lastmile.agent.stream.queued.max", mostQueued, AtomicInteger::get)
        .description("Most messages that waited for one agent at once since the start")
        .register(registry);
    overflowed =
        Counter.builder("lastmile.agent.streams.overflowed")
            .description(
                "Agent streams closed with RESOURCE_EXHAUSTED: their agent stopped reading")
            .register(registry);
  }

  /** Streams whose reading waits for their agent to read. */
  public int stalled() {
    return stalled.get();
  }

  /** Most messages that waited for one agent at once. */
  public int mostQueued() {
    return mostQueued.get();
  }

  /** Streams closed because their agent stopped reading. */
  public long overflowed() {
    return (long) overflowed.count();
  }

  void stalled(boolean now) {
    stalled.addAndGet(now ? 1 : -1);
  }

  void queued(int messages) {
    mostQueued.accumulateAndGet(messages, Math::max);
  }

  void overflow() {
    overflowed.increment();
  }
}
