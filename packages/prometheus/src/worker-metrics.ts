import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Delivery, HandlerTiming, SpineStats } from '@necrostack/core';
import type { BackendCounters, BackendHealthReport } from './sources';
import type { SettlementObserver } from './instrumented-backend';

/** Where the scrape-time gauges come from; each is optional (the memory backend has no health()). */
export interface MetricsSources {
  readonly stats?: () => SpineStats;
  /** The backend's counters, e.g. `() => redis.metrics`. */
  readonly backendMetrics?: () => BackendCounters;
  /** The backend's health check, e.g. `() => redis.health()`. */
  readonly health?: () => Promise<BackendHealthReport>;
}

const MALFORMED = '(malformed)';
const HEALTH_CACHE_MS = 1_000;
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The worker's Prometheus metrics. Per-delivery counters are fed by an InstrumentedBackend, handler
 * durations by the Spine's `onHandlerFinished`; group pending/lag, stream lengths, dead letters and
 * reconnections are read from the backend at scrape.
 *
 * @example
 * ```ts
 * const metrics = new WorkerMetrics();
 * const backend = new InstrumentedBackend(redis, metrics);
 * const spine = new Spine({ organs, backend, onHandlerFinished: (t) => metrics.onHandlerFinished(t) });
 * metrics.attach({ stats: () => spine.getStats(), backendMetrics: () => redis.metrics, health: () => redis.health() });
 * res.end(await metrics.registry.metrics());
 * ```
 */
export class WorkerMetrics implements SettlementObserver {
  readonly registry = new Registry();
  private sources: MetricsSources = {};
  private readonly handled: Counter<'organ' | 'event_type'>;
  private readonly failed: Counter<'organ' | 'event_type'>;
  private readonly released: Counter<'organ'>;
  private readonly deadLettered: Counter<'organ' | 'event_type'>;
  private readonly duration: Histogram<'organ'>;
  private readonly handlerDuration: Histogram<'organ' | 'event_type' | 'outcome'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const byOrgan = ['organ', 'event_type'] as const;
    this.handled = new Counter({ name: 'necro_events_handled_total', help: 'Deliveries handled and acknowledged, per organ (group) and event type', labelNames: byOrgan, registers });
    this.failed = new Counter({ name: 'necro_events_failed_total', help: 'Deliveries that failed (nacked or dead-lettered), per organ (group) and event type', labelNames: byOrgan, registers });
    this.deadLettered = new Counter({ name: 'necro_events_dead_lettered_total', help: 'Events written to the dead-letter store, per organ and event type', labelNames: byOrgan, registers });
    this.released = new Counter({ name: 'necro_events_released_total', help: 'Unfinished deliveries handed back at shutdown, per organ (group)', labelNames: ['organ'], registers });
    this.duration = new Histogram({
      name: 'necro_delivery_duration_seconds', help: 'From pull to settlement of a delivery (handler time plus its batch), per organ (group)',
      labelNames: ['organ'], buckets: DURATION_BUCKETS, registers,
    });
    this.handlerDuration = new Histogram({
      name: 'necro_handler_duration_seconds', help: 'How long a handler took for one delivery (retries included), per organ, event type and outcome',
      labelNames: ['organ', 'event_type', 'outcome'], buckets: DURATION_BUCKETS, registers,
    });
    this.defineScrapeGauges(registers);
  }

  /** Sets where the scrape-time values come from (the Spine exists only after the backend). */
  attach(sources: MetricsSources): void {
    this.sources = sources;
  }

  onSettled(delivery: Delivery, outcome: 'handled' | 'failed' | 'released', seconds: number | undefined): void {
    const eventType = delivery.kind === 'event' ? delivery.event.eventType : MALFORMED;
    if (outcome === 'released') this.released.inc({ organ: delivery.group });
    else (outcome === 'handled' ? this.handled : this.failed).inc({ organ: delivery.group, event_type: eventType });
    if (seconds !== undefined && outcome !== 'released') this.duration.observe({ organ: delivery.group }, seconds);
  }

  /** Fed by the Spine's `onHandlerFinished`. */
  onHandlerFinished(timing: HandlerTiming): void {
    const labels = { organ: timing.organ, event_type: timing.eventType, outcome: timing.succeeded ? 'ok' : 'error' };
    this.handlerDuration.observe(labels, timing.durationMs / 1000);
  }

  onDeadLettered(organ: string, eventType: string | undefined): void {
    this.deadLettered.inc({ organ, event_type: eventType ?? MALFORMED });
  }

  private defineScrapeGauges(registers: Registry[]): void {
    const sources = (): MetricsSources => this.sources;
    new Gauge({
      name: 'necro_spine_events_emitted', help: 'Events returned by handlers and enqueued, since the worker started', registers,
      collect() { const s = sources().stats?.(); if (s) this.set(s.eventsEmitted); },
    });
    new Gauge({
      name: 'necro_spine_backend_errors', help: 'Failed pulls from the backend, since the worker started', registers,
      collect() { const s = sources().stats?.(); if (s) this.set(s.backendErrors); },
    });
    new Gauge({
      name: 'necro_redis_reconnections', help: 'Reconnections to Redis since the worker started', registers,
      collect() { const m = sources().backendMetrics?.(); if (m) this.set(m.reconnections); },
    });
    new Gauge({
      name: 'necro_redis_pending_recovered', help: 'Deliveries taken over from silent consumers since the worker started', registers,
      collect() { const m = sources().backendMetrics?.(); if (m) this.set(m.pendingRecovered); },
    });
    // One health() per scrape feeds the gauges below (each collect awaits the same answer).
    let cached: { at: number; answer: Promise<BackendHealthReport | undefined> } | undefined;
    const health = (): Promise<BackendHealthReport | undefined> => {
      if (!cached || Date.now() - cached.at > HEALTH_CACHE_MS) cached = { at: Date.now(), answer: sources().health?.() ?? Promise.resolve(undefined) };
      return cached.answer;
    };
    const fromHealth = (name: string, help: string, labelNames: string[], fill: (g: Gauge, h: BackendHealthReport) => void): void => {
      new Gauge({
        name, help, labelNames, registers,
        async collect() {
          const h = await health();
          if (!h) return;
          if (labelNames.length > 0) this.reset();
          fill(this, h);
        },
      });
    };
    fromHealth('necro_backend_up', '1 when the last health check of the backend succeeded', [], (g, h) => g.set(h.healthy ? 1 : 0));
    fromHealth('necro_health_latency_seconds', 'How long the last health check of the backend took', [], (g, h) => g.set(h.latencyMs / 1000));
    fromHealth('necro_dead_letters', 'Entries in the dead-letter stream', [], (g, h) => { if (h.healthy) g.set(h.details.deadLetters); });
    fromHealth('necro_stream_length', 'Entries in a stream', ['stream'], (g, h) => {
      for (const s of h.details.streams) g.set({ stream: s.key }, s.length);
    });
    fromHealth('necro_group_pending', 'Deliveries of a consumer group not yet acknowledged', ['stream', 'group'], (g, h) => {
      for (const s of h.details.streams) for (const group of s.groups) g.set({ stream: s.key, group: group.name }, group.pending);
    });
    fromHealth('necro_group_lag', 'Entries not yet delivered to a consumer group', ['stream', 'group'], (g, h) => {
      for (const s of h.details.streams) for (const group of s.groups) if (group.lag !== null) g.set({ stream: s.key, group: group.name }, group.lag);
    });
  }
}
