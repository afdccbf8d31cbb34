import { randomUUID } from 'node:crypto';
import { Event, ListensTo, Organ, Spine, createLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { REDIS_URL, deleteKeys, measureRun, type RedisRun } from './redis-info';

@Organ({ name: 'NoOp' })
@ListensTo('BENCH')
class NoOp {
  count = 0;
  async handle(): Promise<void> {
    this.count++;
  }
}

const BATCH = 1_000;

/** 100,000 events enqueued in batches through backend.enqueue, then handled and acked by one Spine. */
export async function necrostackEndToEnd(events: number, layout: 'single' | 'per-type'): Promise<RedisRun> {
  const streamKey = `necrostack-bench:${randomUUID()}`;
  const logger = createLogger({ stream: 'stderr', level: 'warn' });
  const backend = new RedisBackend({ url: REDIS_URL, streamKey, layout, logger });
  const organ = new NoOp();
  const spine = new Spine({ organs: [organ], backend, logger, maxSteps: events * 2 });
  const inputs = Array.from({ length: events }, (_, n) => new Event('BENCH', { n }));
  try {
    return await measureRun(events, async () => {
      for (let i = 0; i < events; i += BATCH) await backend.enqueue(inputs.slice(i, i + BATCH));
      await spine.run();
      if (organ.count !== events) throw new Error(`NoOp saw ${organ.count} of ${events}`);
    });
  } finally {
    await backend.close();
    await deleteKeys(streamKey);
  }
}
