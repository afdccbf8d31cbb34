import { Event, Saga, SagaInstance, SagaStep, Spine, sagas, silentLogger } from '@necrostack/core';
import { RedisTestEnv } from './support/redis-test-env';

interface Tally { n: number; by: number[] }

@Saga<Tally>({ correlate: 'key', initialState: () => ({ n: 0, by: [] }) })
class TallySaga {
  runs = 0;
  @SagaStep('ADD', { starts: true })
  async add(event: Event<{ key: string; by: number }>, saga: SagaInstance<Tally>) {
    this.runs++;
    await new Promise((resolve) => setImmediate(resolve)); // widen the window between load and save
    saga.state.n += event.payload.by;
    saga.state.by.push(event.payload.by);
  }

  @SagaStep('CLOSE')
  close(_event: Event, saga: SagaInstance<Tally>) {
    saga.complete();
    return new Event('TALLY_CLOSED', { key: saga.key, n: saga.state.n });
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('RedisBackend.sagas', () => {
  let env: RedisTestEnv;
  beforeEach(async () => { env = await new RedisTestEnv().start(); });
  afterEach(async () => { await env.cleanup(); });

  it('saves over the version it read only, in one hash per instance, and expires completed ones', async () => {
    const store = env.backend().sagas;
    expect(await store.load('S', 'k')).toBeUndefined();
    expect(await store.save('S', 'k', 0, '{"a":1}')).toBe(true);
    expect(await store.save('S', 'k', 0, '{"a":2}')).toBe(false);
    expect(await store.load('S', 'k')).toEqual({ version: 1, data: '{"a":1}' });
    const hash = `${env.streamKey}:saga:S:k`;
    expect(await env.send('HGETALL', hash)).toEqual(['version', '1', 'data', '{"a":1}']);
    expect(await env.send('PTTL', hash)).toBe(-1);
    expect(await store.save('S', 'k', 1, '{"a":3}', 60_000)).toBe(true);
    const ttl = await env.send<number>('PTTL', hash);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('loses no update when two workers handle deliveries of the same keys at once', async () => {
    const workers = [0, 1].map(() => {
      const backend = env.backend();
      const saga = new TallySaga();
      const spine = new Spine({
        organs: [saga], backend, logger: silentLogger, concurrency: 8, pollIntervalMs: 10,
        middleware: [sagas({ store: backend.sagas, maxConflictRetries: 200 })],
      });
      return { backend, saga, spine };
    });
    const adds = Array.from({ length: 120 }, (_, i) => new Event('ADD', { key: `k${i % 3}`, by: i }));
    const running = workers.map((w) => w.spine.runForever());
    try {
      await workers[0]!.spine.publish(adds);
      const store = workers[0]!.backend.sagas;
      await until(async () => {
        const versions = await Promise.all(['k0', 'k1', 'k2'].map(async (k) => (await store.load('TallySaga', k))?.version ?? 0));
        return versions.every((v) => v === 40);
      });
      for (const [i, key] of ['k0', 'k1', 'k2'].entries()) {
        const state = JSON.parse((await store.load('TallySaga', key))!.data).state as Tally;
        const expected = adds.map((e) => e.payload.by).filter((by) => by % 3 === i);
        expect(state.n).toBe(expected.reduce((a, b) => a + b, 0));
        expect([...state.by].sort((a, b) => a - b)).toEqual(expected);
      }
      expect(workers[0]!.saga.runs + workers[1]!.saga.runs).toBeGreaterThanOrEqual(120);

      await workers[1]!.spine.publish(new Event('CLOSE', { key: 'k0' }));
      await until(async () => JSON.parse((await store.load('TallySaga', 'k0'))!.data).completed_at !== undefined);
      expect(await env.send<number>('PTTL', `${env.streamKey}:saga:TallySaga:k0`)).toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.map((w) => w.spine.stop()));
      await Promise.all(running);
    }
  });

  it('fires a saga timeout through the delayed events of Redis, and ignores a cancelled one', async () => {
    @Saga<{ paid: boolean }>({ correlate: 'order_id', initialState: () => ({ paid: false }) })
    class Checkout {
      readonly expired: string[] = [];
      @SagaStep('ORDER_PLACED', { starts: true })
      placed(_event: Event, saga: SagaInstance<{ paid: boolean }>) {
        saga.scheduleTimeout('payment', new Event('PAYMENT_TIMEOUT', { order_id: saga.key }, { delayMs: 150 }));
      }

      @SagaStep('PAYMENT_RECEIVED')
      paid(_event: Event, saga: SagaInstance<{ paid: boolean }>) {
        saga.state.paid = true;
        saga.cancelTimeout('payment');
      }

      @SagaStep('PAYMENT_TIMEOUT')
      timedOut(_event: Event, saga: SagaInstance<{ paid: boolean }>) {
        this.expired.push(saga.key);
        saga.complete();
      }
    }
    const backend = env.backend();
    const checkout = new Checkout();
    const spine = new Spine({ organs: [checkout], backend, logger: silentLogger, pollIntervalMs: 10, middleware: [sagas({ store: backend.sagas })] });
    const running = spine.runForever();
    try {
      await spine.publish([new Event('ORDER_PLACED', { order_id: 'R-1' }), new Event('ORDER_PLACED', { order_id: 'R-2' })]);
      await spine.publish(new Event('PAYMENT_RECEIVED', { order_id: 'R-1' }));
      await until(async () => checkout.expired.length > 0);
      await until(async () => spine.getStats().eventsProcessed >= 5); // R-1's cancelled timeout came too
      expect(checkout.expired).toEqual(['R-2']);
      const r1 = JSON.parse((await backend.sagas.load('Checkout', 'R-1'))!.data);
      expect(r1.state).toEqual({ paid: true });
      expect(r1.timeouts).toBeUndefined();
    } finally {
      await spine.stop();
      await running;
    }
  });
});
