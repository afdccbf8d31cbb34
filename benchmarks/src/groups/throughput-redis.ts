import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { WARM_UP_EVENTS, bareWorker, bullmqWorker, necrostackWorkers } from '../redis/e2e-workers';
import type { RedisRun } from '../redis/redis-info';

const values = (run: RedisRun) => ({
  events: run.eventsPerSecond,
  cpu: run.redisCpuMicrosPerEvent,
  ...(run.workerCpuMicrosPerEvent === undefined ? {} : { workerCpu: run.workerCpuMicrosPerEvent }),
  ...(run.workerRssMb === undefined ? {} : { rss: run.workerRssMb }),
});

const processes = (n: number) => (n === 1 ? '1 worker process' : `${n} worker processes`);

function contenders(events: number): Contender[] {
  const necrostack = ([['single', 'single stream'], ['per-type', 'stream per type']] as const).flatMap(([layout, name]) =>
    [1, 2].map((workers): Contender => ({
      key: `necrostack-${layout}-${workers}`,
      label: `NecroStack, ${name}, ${processes(workers)}`,
      run: async () => values(await necrostackWorkers(events, layout, workers)),
    })));
  return [
    ...necrostack,
    {
      key: 'necrostack-single-dto-1',
      label: 'NecroStack, single stream, two-property DTO on the organ, 1 worker process',
      run: async () => values(await necrostackWorkers(events, 'single', 1, { dto: true })),
    },
    { key: 'bare-loop', label: 'bare node-redis loop, 1 worker process', run: async () => values(await bareWorker(events)) },
    { key: 'bullmq', label: 'BullMQ Worker (concurrency 50), 1 worker process', run: async () => values(await bullmqWorker(events)) },
  ];
}

/** End to end over Redis: a producer in the bench process, consumers in worker processes. */
export const throughputRedis: GroupRunner = {
  id: 'throughput-redis',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Redis: events per second end to end',
    description:
      `${fmt(sizes.redisEvents)} events per run. The bench process produces them in batches of 1,000 (NecroStack: ` +
      '`RedisBackend.enqueue`; bare loop: pipelined `XADD`; BullMQ: `addBulk`) while the consumers, already connected ' +
      'and waiting, run in their own worker processes: a NecroStack Spine with one no-op async organ and default options, ' +
      '(one variant validates a two-property class-validator DTO on the organ), ' +
      'a bare node-redis loop (`XREADGROUP COUNT 100`, `JSON.parse`, one `XACK` per read), a BullMQ Worker at ' +
      `concurrency 50 with a no-op processor. Each contender's workers first handle ${fmt(WARM_UP_EVENTS)} warm-up events (not counted). ` +
      'The clock runs from the first enqueue until the last event is acknowledged ' +
      '(the consumer group has read everything and nothing is pending; BullMQ: the worker completed every job). ' +
      'Every payload is `{ n, from }`. ' +
      'Redis CPU is `used_cpu_user + used_cpu_sys` from `INFO cpu` over the run; worker CPU is the user + system time of all ' +
      'worker processes over the same span, per event; worker RSS is the peak RSS of the worker process.',
    metrics: [
      { key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' },
      { key: 'cpu', label: 'Redis CPU', unit: 'µs/event', digits: 1, better: 'lower' },
      { key: 'workerCpu', label: 'worker CPU', unit: 'µs/event', digits: 1, better: 'lower' },
      { key: 'rss', label: 'worker RSS', unit: 'MB', digits: 0, better: 'lower' },
    ],
    ratios: [
      { metric: 'events', baseline: 'bare-loop', label: '× bare loop' },
      { metric: 'events', baseline: 'bullmq', label: '× BullMQ' },
      { metric: 'events', baseline: 'necrostack-single-1', label: '× NecroStack 1 process' },
    ],
    chart: { kind: 'bars', file: 'throughput-redis.svg', metric: 'events' },
  }),
  steps: (sizes) => contenders(0).length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'Redis', contenders(context.sizes.redisEvents), context.sizes.rounds),
};
