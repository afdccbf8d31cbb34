// claimTick's behaviour is in the conformance suite (recurring schedules); this is its PostgreSQL layout.
import { Event } from '@necrostack/core';
import { SchemaEnv } from './support/postgres-test-env';

describe('PostgresBackend.claimTick', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('keeps one row per schedule with the latest tick and its claimer, and stores each tick\'s event once among concurrent claims', async () => {
    const workers = [env.backend({ consumerName: 'w1' }), env.backend({ consumerName: 'w2' }), env.backend({ consumerName: 'w3' })];
    const tick = (tickAt: number) => workers.map((w) => w.claimTick('report', tickAt, new Event('TICK', {}, { id: `00000000-0000-4000-8000-00000000000${tickAt}`, timestamp: tickAt })));
    const first = await Promise.all(tick(1));
    const second = await Promise.all(tick(2));
    expect([first.filter(Boolean).length, second.filter(Boolean).length]).toEqual([1, 1]);
    const [row] = await env.rows<{ name: string; latest_tick: string; claimed_by: string }>('SELECT name, latest_tick::text, claimed_by FROM $schema.schedules');
    expect(row).toEqual({ name: 'report', latest_tick: '2', claimed_by: workers[second.indexOf(true)]!.consumerName });
    expect(await env.rows('SELECT id FROM $schema.events ORDER BY seq')).toEqual([
      { id: '00000000-0000-4000-8000-000000000001' }, { id: '00000000-0000-4000-8000-000000000002' },
    ]);
  });
});
