import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { bullmqWorker, necrostackWorkers } from '../redis/e2e-workers';

/** Long enough that every event is still ahead when its batch is stored, so each takes the delayed path. */
const DELAY_MS = 50;

function contenders(events: number): Contender[] {
  const eventsPerSecond = (run: { eventsPerSecond: number }) => ({ events: run.eventsPerSecond });
  return [
    { key: 'necrostack', label: 'NecroStack, immediate events', run: async () => eventsPerSecond(await necrostackWorkers(events, 'single', 1)) },
    { key: 'necrostack-delayed', label: `NecroStack, every event delayed ${DELAY_MS} ms`, run: async () => eventsPerSecond(await necrostackWorkers(events, 'single', 1, { delayMs: DELAY_MS })) },
    { key: 'bullmq', label: 'BullMQ, immediate jobs (concurrency 50)', run: async () => eventsPerSecond(await bullmqWorker(events)) },
    { key: 'bullmq-delayed', label: `BullMQ, every job delayed ${DELAY_MS} ms (concurrency 50)`, run: async () => eventsPerSecond(await bullmqWorker(events, { delayMs: DELAY_MS })) },
  ];
}

/** How many delayed events per second go through end to end, next to immediate ones, NecroStack vs BullMQ. */
export const delayedThroughputRedis: GroupRunner = {
  id: 'delayed-throughput',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Redis: delayed events per second end to end',
    description:
      `${fmt(sizes.redisEvents)} events per run, produced in batches of 1,000 by the bench process and handled by one worker ` +
      `process (a Spine with one no-op organ and default options; a BullMQ Worker at concurrency 50). In the delayed runs every ` +
      `event is due ${DELAY_MS} ms after its batch is enqueued, so it goes to the delayed set (BullMQ: its delayed set) and is ` +
      'moved into the stream by the worker once due. The clock runs from the first enqueue until the last event is acknowledged.',
    metrics: [{ key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' }],
    ratios: [
      { metric: 'events', baseline: 'necrostack', label: '× NecroStack immediate' },
      { metric: 'events', baseline: 'bullmq-delayed', label: '× BullMQ delayed' },
    ],
  }),
  steps: (sizes) => contenders(0).length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'delayed', contenders(context.sizes.redisEvents), context.sizes.rounds),
};
