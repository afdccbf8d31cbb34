import { Event, ListensTo, Organ, Saga, SagaInstance, SagaStep, Spine, sagas } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { quietLogger } from '../lib/quiet-logger';
import { BATCH } from './e2e-peers';
import { REDIS_URL, deleteKeys, measureRun, uniqueKey, type RedisRun } from './redis-info';

/** How many saga instances the events are spread over (round robin). */
export const SAGA_KEYS = 1_000;

let handled = 0;

/** The plain organ: the same work without state. */
@Organ({ name: 'PlainStep' })
@ListensTo('STEP')
class PlainStep {
  async handle(): Promise<void> {
    handled++;
  }
}

/** The saga: each event is one step of its key's instance (state loaded, changed, saved). */
@Saga<{ steps: number }>({ name: 'BenchSaga', correlate: 'key', initialState: () => ({ steps: 0 }) })
class BenchSaga {
  @SagaStep('STEP', { starts: true })
  step(_event: Event, saga: SagaInstance<{ steps: number }>): void {
    saga.state.steps++;
    handled++;
  }
}

/**
 * In one process: `events` STEP events over {@link SAGA_KEYS} keys enqueued, then handled by one
 * Spine (concurrency `concurrency`) running either a plain organ or a saga step on Redis.
 */
export async function sagaEndToEnd(events: number, kind: 'plain' | 'saga', concurrency: number): Promise<RedisRun> {
  const streamKey = uniqueKey();
  const logger = quietLogger();
  const backend = new RedisBackend({ url: REDIS_URL, streamKey, logger });
  const organ = kind === 'saga' ? new BenchSaga() : new PlainStep();
  const middleware = kind === 'saga' ? [sagas({ store: backend.sagas, maxConflictRetries: 1_000 })] : [];
  const spine = new Spine({ organs: [organ], backend, logger, concurrency, middleware, maxSteps: events + 1 });
  const inputs = Array.from({ length: events }, (_, n) => new Event('STEP', { key: `k${n % SAGA_KEYS}`, n }));
  handled = 0;
  try {
    return await measureRun(events, async () => {
      for (let i = 0; i < events; i += BATCH) await backend.enqueue(inputs.slice(i, i + BATCH));
      await spine.run();
      if (handled < events) throw new Error(`${kind}: ${handled} of ${events} events handled`);
    });
  } finally {
    await backend.close();
    await deleteKeys(streamKey);
  }
}
