import { Event } from '@necrostack/core';
import { pullDeliveries, settlement } from '@necrostack/testkit';
import { SchemaEnv } from './support/postgres-test-env';

describe('PostgresBackend retention', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('deletes events every group settled once older than handledMs, keeps pending ones, and expires completions', async () => {
    const backend = env.backend({ retention: { handledMs: 0, batchSize: 2 }, idempotencyTtlMs: 60_000 });
    await backend.subscribe([
      { group: 'Billing', eventTypes: ['ORDER_PLACED'], idempotent: true },
      { group: 'Shipping', eventTypes: ['ORDER_PLACED'] },
    ]);
    const events = [1, 2, 3, 4, 5].map((n) => new Event('ORDER_PLACED', { n }));
    await backend.enqueue(events);
    const got = await pullDeliveries(backend, 10, { timeoutMs: 5_000 });
    const pending = got.find((d) => d.group === 'Shipping' && d.kind === 'event' && d.event.id === events[4]!.id)!;
    await backend.settle(settlement({ acks: got.filter((d) => d !== pending) }));

    await env.rows(`UPDATE $schema.completions SET completed_at = now() - interval '2 minutes'`); // past idempotencyTtlMs
    const report = await backend.maintain();

    expect(report.eventsDeleted).toBe(4);
    expect(report.completionsDeleted).toBe(5); // Billing's, of the 5 events
    const left = await env.rows<{ id: string }>('SELECT id FROM $schema.events');
    expect(left).toEqual([{ id: events[4]!.id }]);
    await backend.settle(settlement({ acks: [pending] }));
    expect((await backend.maintain()).eventsDeleted).toBe(1);
  });

  it('keeps events no group listens to for handledMs, for a group subscribed later', async () => {
    const backend = env.backend({ retention: { handledMs: 3_600_000 } });
    await backend.connect();
    await backend.enqueue(new Event('NOBODY_LISTENS'));
    expect((await backend.maintain()).eventsDeleted).toBe(0);
    await backend.subscribe([{ group: 'Late', eventTypes: ['NOBODY_LISTENS'] }]);
    expect(await pullDeliveries(backend, 1, { timeoutMs: 5_000 })).toHaveLength(1);
  });
});
