import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { SAGA_KEYS, sagaEndToEnd } from '../redis/e2e-saga';

const CONCURRENCY = [1, 16] as const;

function contenders(events: number): Contender[] {
  return CONCURRENCY.flatMap((concurrency) => (['plain', 'saga'] as const).map((kind): Contender => ({
    key: `${kind}-c${concurrency}`,
    label: `${kind === 'plain' ? 'plain organ' : 'saga step'}, concurrency ${concurrency}`,
    run: async () => {
      const result = await sagaEndToEnd(events, kind, concurrency);
      return { events: result.eventsPerSecond, cpu: result.redisCpuMicrosPerEvent };
    },
  })));
}

/** Saga steps over Redis beside a plain organ doing the same work without state. */
export const sagasRedis: GroupRunner = {
  id: 'sagas-redis',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Saga steps over Redis',
    description:
      `${fmt(sizes.sagaEvents)} events spread over ${fmt(SAGA_KEYS)} correlation keys, enqueued, then handled in the same ` +
      'process by one Spine: by a plain organ, or by a saga step that loads its instance from Redis, changes it and saves ' +
      'it with a version check (two more round trips per event). Steps of one key that collide are redone.',
    metrics: [
      { key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' },
      { key: 'cpu', label: 'Redis CPU', unit: 'µs/event', digits: 1, better: 'lower' },
    ],
    ratios: [
      { metric: 'events', baseline: 'plain-c1', label: 'events × plain organ (c1)' },
      { metric: 'events', baseline: 'plain-c16', label: 'events × plain organ (c16)' },
    ],
  }),
  steps: (sizes) => 2 * CONCURRENCY.length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'saga steps over Redis', contenders(context.sizes.sagaEvents), context.sizes.rounds),
};
