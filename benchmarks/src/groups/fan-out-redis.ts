import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { necrostackEndToEnd } from '../redis/e2e-necrostack';
import { bareStreamLoop } from '../redis/e2e-peers';
import type { RedisRun } from '../redis/redis-info';
import { FAN_OUT } from './fan-out-memory';

function contenders(events: number): Contender[] {
  const peers: readonly (readonly [string, (n: number) => Promise<RedisRun>])[] = [
    ['NecroStack, single stream', (n) => necrostackEndToEnd(events, 'single', n)],
    ['bare node-redis loop', (n) => bareStreamLoop(events, n)],
  ];
  return peers.flatMap(([name, run]) => FAN_OUT.map((n): Contender => ({
    key: `organs-${n}`,
    label: n === 1 ? '1 organ' : `${n} organs`,
    subgroup: name,
    run: async () => {
      const result = await run(n);
      return { calls: result.eventsPerSecond * n, events: result.eventsPerSecond, cpu: result.redisCpuMicrosPerEvent / n };
    },
  })));
}

/** One event type with 1, 4 and 16 listening organs over Redis: one consumer group each. */
export const fanOutRedis: GroupRunner = {
  id: 'fan-out-redis',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Fan-out over Redis: one event type, 1, 4 and 16 listening organs',
    description:
      `${fmt(sizes.fanOutRedisEvents)} events of one type enqueued, then handled in the same process by one Spine whose ` +
      'organs all listen to the type: each organ is its own consumer group on the stream, so each event is read and acked ' +
      'once per organ. The bare loop does the same by hand with 1, 4 and 16 consumer groups drained one after the other.',
    metrics: [
      { key: 'calls', label: 'handler calls/s', unit: '', digits: 0, better: 'higher' },
      { key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' },
      { key: 'cpu', label: 'Redis CPU', unit: 'µs/call', digits: 1, better: 'lower' },
    ],
    ratios: [{ metric: 'calls', baseline: 'organs-1', label: 'calls × 1 organ' }],
    subgroupLabel: 'contender',
    chart: { kind: 'subgroups', file: 'fan-out-redis.svg', metric: 'calls' },
  }),
  steps: (sizes) => 2 * FAN_OUT.length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'fan-out over Redis', contenders(context.sizes.fanOutRedisEvents), context.sizes.rounds),
};
