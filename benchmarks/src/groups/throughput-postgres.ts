import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { necrostackPostgresWorkers, pgBossWorker } from '../postgres/e2e-postgres';
import { necrostackWorkers } from '../redis/e2e-workers';

const processes = (n: number) => (n === 1 ? '1 worker process' : `${n} worker processes`);

function contenders(events: number): Contender[] {
  const postgres = [1, 2].map((workers): Contender => ({
    key: `necrostack-postgres-${workers}`,
    label: `NecroStack on PostgreSQL, ${processes(workers)}`,
    run: async () => {
      const run = await necrostackPostgresWorkers(events, workers);
      return { events: run.eventsPerSecond, wal: run.walBytesPerEvent, ...(run.workerRssMb === undefined ? {} : { rss: run.workerRssMb }) };
    },
  }));
  return [
    ...postgres,
    {
      key: 'pg-boss',
      label: 'pg-boss 10 worker (batches of 1,000), 1 worker process',
      run: async () => {
        const run = await pgBossWorker(events);
        return { events: run.eventsPerSecond, wal: run.walBytesPerEvent, ...(run.workerRssMb === undefined ? {} : { rss: run.workerRssMb }) };
      },
    },
    {
      key: 'necrostack-redis-1',
      label: 'NecroStack on Redis (single stream), 1 worker process',
      run: async () => {
        const run = await necrostackWorkers(events, 'single', 1);
        return { events: run.eventsPerSecond, ...(run.workerRssMb === undefined ? {} : { rss: run.workerRssMb }) };
      },
    },
  ];
}

/** End to end over PostgreSQL, beside the Redis backend: a producer in the bench process, consumers in worker processes. */
export const throughputPostgres: GroupRunner = {
  id: 'throughput-postgres',
  section: 'postgres',
  describe: (sizes) => ({
    title: 'PostgreSQL: events per second end to end, beside Redis',
    description:
      `${fmt(sizes.redisEvents)} events per run. The bench process produces them in batches of 1,000 with \`enqueue\` ` +
      '(one INSERT per batch on PostgreSQL, one script call on Redis) while the consumers, already connected and waiting, ' +
      'run in their own worker processes: a NecroStack Spine with one no-op async organ and default options, on ' +
      '`PostgresBackend` (1 and 2 worker processes) or `RedisBackend` (1); pg-boss 10 on the same database (`insert` of ' +
      '1,000 jobs per call; one worker process, `work` with `batchSize` 1,000 and its shortest polling interval, 0.5 s: pg-boss waits out the interval after every ' +
      'fetch). ' +
      'The clock runs from the first enqueue until the last event is acknowledged (PostgreSQL: no delivery row left; ' +
      'Redis: the group read everything and nothing is pending; pg-boss: the worker completed every job). WAL is `pg_current_wal_lsn()` after minus before, per event; worker RSS is the peak RSS of the worker process.',
    metrics: [
      { key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' },
      { key: 'wal', label: 'WAL', unit: 'bytes/event', digits: 0, better: 'lower' },
      { key: 'rss', label: 'worker RSS', unit: 'MB', digits: 0, better: 'lower' },
    ],
    ratios: [
      { metric: 'events', baseline: 'pg-boss', label: '× pg-boss' },
      { metric: 'events', baseline: 'necrostack-redis-1', label: '× Redis backend' },
    ],
    chart: { kind: 'bars', file: 'throughput-postgres.svg', metric: 'events' },
  }),
  steps: (sizes) => contenders(0).length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'PostgreSQL', contenders(context.sizes.redisEvents), context.sizes.rounds),
};
