import { Event, ListensTo, Organ, Spine, silentLogger } from '@necrostack/core';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { waitFor } from '@necrostack/testkit';
import { PrivatePostgres } from './support/private-postgres';

jest.setTimeout(120_000);

/** Takes 5 ms per event: the restart comes while deliveries are in flight. */
@Organ({ name: 'Ledger' })
@ListensTo('PAYMENT')
class Ledger {
  readonly seen = new Set<string>();
  readonly handledAt = new Map<string, number>();
  async handle(event: Event): Promise<void> {
    if (!this.handledAt.has(event.id)) this.handledAt.set(event.id, Date.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.seen.add(event.id);
  }
}

/** Enqueues, trying again while the server is away (bounded). */
async function enqueueThrough(backend: PostgresBackend, events: readonly Event[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await backend.enqueue(events);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('PostgresBackend when PostgreSQL restarts (a private server, pg_ctl restart -m fast)', () => {
  let server: PrivatePostgres;
  beforeAll(async () => { server = await PrivatePostgres.start(); });
  afterAll(() => server?.destroy());

  it('keeps working: a running worker handles every event enqueued before and after the restart', async () => {
    const options = { connectionString: server.url, logger: silentLogger, claimMinIdleMs: 1_000, pollIntervalMs: 100 };
    const worker = new PostgresBackend(options);
    const producer = new PostgresBackend(options);
    const ledger = new Ledger();
    const spine = new Spine({ organs: [ledger], backend: worker, logger: silentLogger, pollIntervalMs: 100, retryBaseDelayMs: 10, maxConsecutiveBackendFailures: 1_000 });
    const running = spine.runForever();
    const before = Array.from({ length: 100 }, (_, n) => new Event('PAYMENT', { n }));
    const after = Array.from({ length: 100 }, (_, n) => new Event('PAYMENT', { n: 100 + n }));
    await enqueueThrough(producer, before);
    await waitFor(() => ledger.seen.size >= 50, 'the worker to make progress', 20_000);

    expect(ledger.seen.size).toBeLessThan(before.length);
    await server.restart();
    await enqueueThrough(producer, after);

    const all = [...before, ...after].map((e) => e.id);
    await waitFor(() => all.every((id) => ledger.seen.has(id)), 'every event handled', 60_000);
    await waitFor(async () => (await worker.health()).details.listening, 'the LISTEN connection to be back', 20_000);
    expect(worker.metrics.reconnections).toBeGreaterThanOrEqual(1);
    await spine.stop();
    await running;
    await waitFor(async () => (await producer.health()).details.groups.every((g) => g.ready + g.inFlight === 0), 'every delivery acked', 20_000);
    await Promise.all([worker.close(), producer.close()]);
  });

  it('keeps delayed events across the restart: a running worker delivers each one once, none early', async () => {
    const options = { connectionString: server.url, schema: 'delayed_restart', logger: silentLogger, claimMinIdleMs: 1_000, pollIntervalMs: 100 };
    const worker = new PostgresBackend(options);
    const producer = new PostgresBackend(options);
    const ledger = new Ledger();
    const spine = new Spine({ organs: [ledger], backend: worker, logger: silentLogger, pollIntervalMs: 100, retryBaseDelayMs: 10, maxConsecutiveBackendFailures: 1_000 });
    const running = spine.runForever();
    await waitFor(async () => (await worker.health()).details.listening, 'the worker to subscribe', 20_000);
    const events = Array.from({ length: 50 }, (_, n) => new Event('PAYMENT', { n }, { delayMs: 1_000 + n * 20 }));
    await enqueueThrough(producer, events);
    await server.restart();

    await waitFor(() => events.every((e) => ledger.seen.has(e.id)), 'every delayed event handled', 60_000);
    expect(events.filter((e) => ledger.handledAt.get(e.id)! < e.deliverAt!.getTime())).toEqual([]);
    await spine.stop();
    await running;
    await Promise.all([worker.close(), producer.close()]);
  });
});
