// WorkerMetrics fed by an InstrumentedBackend around the in-memory backend: what a scrape shows.
import { InMemoryBackend } from '@necrostack/backend-memory';
import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { InstrumentedBackend, WorkerMetrics } from '../src';

@Organ({ name: 'MetricsCharge' })
@ListensTo('ORDER_PLACED')
class Charge {
  handle(event: Event) {
    if (event.payload.amount === 0) throw new Error('declined');
    return new Event('PAYMENT_TAKEN', {});
  }
}

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('WorkerMetrics with an InstrumentedBackend', () => {
  it('counts handled and dead-lettered deliveries per organ and event type, and handler durations', async () => {
    const metrics = new WorkerMetrics();
    const backend = new InstrumentedBackend(new InMemoryBackend(), metrics);
    const spine = new Spine({
      organs: [Charge], backend, logger: silentLogger, retryAttempts: 1, onHandlerFinished: (t) => metrics.onHandlerFinished(t),
    });
    metrics.attach({ stats: () => spine.getStats() });
    await spine.run([new Event('ORDER_PLACED', { amount: 5 }), new Event('ORDER_PLACED', { amount: 0 })]);
    const text = await metrics.registry.metrics();
    const labels = 'organ="MetricsCharge",event_type="ORDER_PLACED"';
    expect(sample(text, 'necro_events_handled_total', labels)).toBe(1);
    expect(sample(text, 'necro_events_failed_total', labels)).toBe(1);
    expect(sample(text, 'necro_events_dead_lettered_total', labels)).toBe(1);
    expect(sample(text, 'necro_handler_duration_seconds_count', `${labels},outcome="ok"`)).toBe(1);
    expect(sample(text, 'necro_handler_duration_seconds_count', `${labels},outcome="error"`)).toBe(1);
    expect(sample(text, 'necro_spine_events_emitted', '')).toBe(1);
    await backend.close();
  });

  it('keeps the wrapped backend\'s capabilities, so idempotent organs run behind it', () => {
    const inner = new InMemoryBackend();
    expect(new InstrumentedBackend(inner, new WorkerMetrics()).capabilities).toBe(inner.capabilities);
  });

  it('reads the backend gauges from the health source at scrape time', async () => {
    const metrics = new WorkerMetrics();
    metrics.attach({
      health: async () => ({
        healthy: true, latencyMs: 4,
        details: { deadLetters: 2, streams: [{ key: 'orders', length: 7, groups: [{ name: 'necrostack:Billing', pending: 3, lag: 1 }] }] },
      }),
    });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'necro_backend_up', '')).toBe(1);
    expect(sample(text, 'necro_dead_letters', '')).toBe(2);
    expect(sample(text, 'necro_stream_length', 'stream="orders"')).toBe(7);
    expect(sample(text, 'necro_group_pending', 'stream="orders",group="necrostack:Billing"')).toBe(3);
    expect(sample(text, 'necro_group_lag', 'stream="orders",group="necrostack:Billing"')).toBe(1);
  });
});
