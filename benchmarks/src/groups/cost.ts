import { fmt } from '../lib/format';
import type { Row } from '../model/results';
import type { GroupRunner } from '../harness/group';
import { toRow } from '../harness/alternate';
import { bareRetainedBytes, bullmqRetainedBytes, necrostackRetainedBytes } from '../redis/retained-memory';

const CONTENDERS = [
  { key: 'necrostack-single', from: 'necrostack-single-1', label: 'NecroStack, single stream', retained: (n: number) => necrostackRetainedBytes(n, 'single') },
  { key: 'necrostack-per-type', from: 'necrostack-per-type-1', label: 'NecroStack, stream per type', retained: (n: number) => necrostackRetainedBytes(n, 'per-type') },
  { key: 'bare-loop', from: 'bare-loop', label: 'bare node-redis loop', retained: bareRetainedBytes },
  { key: 'bullmq', from: 'bullmq', label: 'BullMQ', retained: bullmqRetainedBytes },
] as const;

/** What an event costs: Redis CPU, Redis memory while it waits, and the worker's RSS. */
export const cost: GroupRunner = {
  id: 'cost',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Redis: cost per event',
    description:
      `Bytes of Redis memory per retained event: ${fmt(sizes.retainedEvents)} events (payload \`{ n }\`) waiting, ` +
      'every key of the run measured with `MEMORY USAGE … SAMPLES 0`, divided by the count (BullMQ: job hashes, wait list ' +
      'and its events stream). Redis CPU per event and worker peak RSS come from the throughput runs above (one worker process).',
    metrics: [
      { key: 'retained', label: 'Redis memory', unit: 'bytes/event', digits: 0, better: 'lower' },
      { key: 'cpu', label: 'Redis CPU', unit: 'µs/event', digits: 1, better: 'lower' },
      { key: 'rss', label: 'worker RSS', unit: 'MB', digits: 0, better: 'lower' },
    ],
    ratios: [
      { metric: 'retained', baseline: 'bullmq', label: 'memory × BullMQ' },
      { metric: 'cpu', baseline: 'bullmq', label: 'CPU × BullMQ' },
    ],
  }),
  steps: () => CONTENDERS.length,
  async measure(context) {
    const throughput = context.previous.find((g) => g.id === 'throughput-redis');
    const rows: Row[] = [];
    for (const contender of CONTENDERS) {
      context.progress.step('cost', 'memory per retained event', contender.label);
      const samples = new Map<string, number[]>([['retained', [await contender.retained(context.sizes.retainedEvents)]]]);
      const measured = throughput?.rows.find((r) => r.key === contender.from);
      for (const metric of ['cpu', 'rss']) {
        const values = measured?.samples[metric];
        if (values && values.length > 0) samples.set(metric, [...values]);
      }
      rows.push(toRow(contender, samples));
    }
    return rows;
  },
};
