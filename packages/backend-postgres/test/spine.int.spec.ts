import { Event, HandlerFailureMode, ListensTo, Organ, Spine, silentLogger, type Backend } from '@necrostack/core';
import { waitFor } from '@necrostack/testkit';
import { SchemaEnv } from './support/postgres-test-env';

const EVENTS = 200;

@Organ({ name: 'Shipping' })
@ListensTo('ORDER_PLACED')
class Shipping {
  constructor(readonly seen: string[]) {}
  handle(event: Event): void {
    this.seen.push(event.id);
  }
}

@Organ({ name: 'Billing' })
@ListensTo('ORDER_PLACED')
class Billing {
  constructor(readonly seen: string[]) {}
  handle(event: Event): void {
    this.seen.push(event.id);
  }
}

@Organ({ name: 'Declining' })
@ListensTo('ORDER_PLACED')
class Declining {
  calls = 0;
  handle(): void {
    this.calls++;
    throw new Error('card declined');
  }
}

function spineOf(backend: Backend, organs: object[], extra: object = {}): Spine {
  return new Spine({ organs, backend, logger: silentLogger, retryBaseDelayMs: 1, pollIntervalMs: 50, ...extra });
}

describe('PostgresBackend through Spines', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('gives two organs on one type every event once each, across two workers sharing the work', async () => {
    const shipped: string[] = [];
    const billed: string[] = [];
    const workers = [env.backend(), env.backend()].map((backend) => spineOf(backend, [new Shipping(shipped), new Billing(billed)], { concurrency: 4 }));
    const running = workers.map((spine) => spine.runForever());
    const events = Array.from({ length: EVENTS }, (_, n) => new Event('ORDER_PLACED', { n }));
    const producer = env.backend();
    for (let i = 0; i < EVENTS; i += 50) await producer.enqueue(events.slice(i, i + 50));
    await waitFor(() => shipped.length >= EVENTS && billed.length >= EVENTS, `${EVENTS} deliveries to each organ`, 20_000);
    await Promise.all(workers.map((spine) => spine.stop()));
    await Promise.all(running);
    const ids = events.map((e) => e.id).sort();
    expect([...shipped].sort()).toEqual(ids);
    expect([...billed].sort()).toEqual(ids);
    const left = await env.rows<{ n: number }>('SELECT count(*)::int AS n FROM $schema.deliveries');
    expect(left).toEqual([{ n: 0 }]);
  });
});

describe('PostgresBackend in NACK mode', () => {
  const env = new SchemaEnv();
  afterAll(() => env.cleanup());

  it('delivers a failing event maxDeliveries times, then dead-letters it with the reason', async () => {
    const backend = env.backend({ maxDeliveries: 3 });
    const declining = new Declining();
    const event = new Event('ORDER_PLACED', { n: 1 });
    await spineOf(backend, [declining], { handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1 }).run(event);
    expect(declining.calls).toBe(3);
    const letters = await backend.deadLetters.getAll();
    expect(letters.map((l) => [l.event?.id, l.organ, l.group, l.attempts, l.error.message])).toEqual([[event.id, 'Declining', 'Declining', 3, 'card declined']]);
    const rows = await env.rows<{ organ: string; attempts: number }>('SELECT organ, attempts FROM $schema.dead_letters');
    expect(rows).toEqual([{ organ: 'Declining', attempts: 3 }]);
  });
});
