import { Event, Spine } from '@necrostack/core';
import { RedisBackend, type RedisLayout } from '@necrostack/backend-redis';
import { quietLogger } from '../lib/quiet-logger';
import { fanOutCounter, fanOutOrgans } from '../memory/fan-out';
import { BATCH } from './e2e-peers';
import { REDIS_URL, deleteKeys, measureRun, uniqueKey, type RedisRun } from './redis-info';

/**
 * In one process: `events` events enqueued in batches through backend.enqueue, then handled and
 * acked by one Spine whose `organs` organs all listen to them (each its own consumer group).
 */
export async function necrostackEndToEnd(events: number, layout: RedisLayout, organs = 1): Promise<RedisRun> {
  const streamKey = uniqueKey();
  const logger = quietLogger();
  const backend = new RedisBackend({ url: REDIS_URL, streamKey, layout, logger });
  const listeners = fanOutOrgans(organs, 'BENCH').map((Listener) => new Listener());
  const spine = new Spine({ organs: listeners, backend, logger, maxSteps: events * organs + 1 });
  const inputs = Array.from({ length: events }, (_, n) => new Event('BENCH', { n }));
  fanOutCounter.calls = 0;
  try {
    return await measureRun(events, async () => {
      for (let i = 0; i < events; i += BATCH) await backend.enqueue(inputs.slice(i, i + BATCH));
      await spine.run();
      if (fanOutCounter.calls !== events * organs) throw new Error(`organs saw ${fanOutCounter.calls} of ${events * organs} deliveries`);
    });
  } finally {
    await backend.close();
    await deleteKeys(streamKey);
  }
}
