// Two Nest application contexts (two worker processes, in one test) over one Redis stream share the
// work: each event is handled once per organ, by one of them.
import { randomUUID } from 'node:crypto';
import { Event, ListensTo, Organ, silentLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { deleteKeys } from '@necrostack/example-support';
import { waitFor } from '@necrostack/testkit';
import { Inject, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NecroStackModule } from '../src';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKER = 'WORKER';
const EVENTS = 40;
const SHARE_TIMEOUT_MS = 10_000;

/** Who handled what: organ → event id → the workers that handled it. */
const handled = new Map<string, Map<string, string[]>>();

function record(organ: string, worker: string, eventId: string): void {
  const byEvent = handled.get(organ) ?? new Map<string, string[]>();
  handled.set(organ, byEvent);
  byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), worker]);
}

function workersOf(organ: string): Set<string> {
  return new Set([...(handled.get(organ)?.values() ?? [])].flat());
}

/**
 * Each worker's first delivery of an organ waits (bounded) until the other worker got one too, so
 * that neither can take the whole stream before the other pulls: the test shows sharing, not luck.
 */
async function handle(organ: string, worker: string, event: Event): Promise<void> {
  record(organ, worker, event.id);
  const deadline = Date.now() + SHARE_TIMEOUT_MS;
  while (workersOf(organ).size < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

@Organ()
@ListensTo('ORDER_PLACED')
class Billing {
  constructor(@Inject(WORKER) private readonly worker: string) {}
  handle(event: Event) {
    return handle('Billing', this.worker, event);
  }
}

@Organ()
@ListensTo('ORDER_PLACED')
class Audit {
  constructor(@Inject(WORKER) private readonly worker: string) {}
  handle(event: Event) {
    return handle('Audit', this.worker, event);
  }
}

@Module({})
class WorkerModule {}

function startWorker(name: string, streamKey: string): Promise<INestApplicationContext> {
  const backend = new RedisBackend({ url: REDIS_URL, streamKey, consumerName: name, logger: silentLogger });
  return NestFactory.createApplicationContext({
    module: WorkerModule,
    imports: [NecroStackModule.forRoot({ backend, spine: { logger: silentLogger, batchSize: 5 } })],
    providers: [Billing, Audit, { provide: WORKER, useValue: name }],
  }, { logger: false });
}

describe('two Nest application contexts over one Redis stream', () => {
  const streamKey = `necrostack-test:${randomUUID()}`;
  const workers: INestApplicationContext[] = [];
  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await deleteKeys(REDIS_URL, streamKey);
  });

  it('share the work, each event handled once per organ', async () => {
    workers.push(await startWorker('worker-a', streamKey), await startWorker('worker-b', streamKey));
    const producer = new RedisBackend({ url: REDIS_URL, streamKey, logger: silentLogger });
    const events = Array.from({ length: EVENTS }, (_, n) => new Event('ORDER_PLACED', { n }));
    await producer.enqueue(events);
    await producer.close();

    const total = (organ: string) => [...(handled.get(organ)?.values() ?? [])].reduce((n, by) => n + by.length, 0);
    await waitFor(() => total('Billing') >= EVENTS && total('Audit') >= EVENTS, 'every event to be handled by both organs', 20_000);
    for (const worker of workers.splice(0)) await worker.close();

    for (const organ of ['Billing', 'Audit']) {
      const byEvent = handled.get(organ) ?? new Map<string, string[]>();
      expect([...byEvent.keys()].sort()).toEqual(events.map((e) => e.id).sort());
      expect([...byEvent.values()].filter((by) => by.length !== 1)).toEqual([]);
      expect(workersOf(organ)).toEqual(new Set(['worker-a', 'worker-b']));
    }
  });
});
