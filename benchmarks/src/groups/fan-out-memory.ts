import { fmt } from '../lib/format';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { eventEmitterFanOut, necrostackFanOut, nestCqrsFanOut } from '../memory/fan-out';

export const FAN_OUT = [1, 4, 16] as const;

const organs = (n: number) => (n === 1 ? '1 organ' : `${n} organs`);

function contenders(inputs: number): Contender[] {
  const peers = [
    ['NecroStack', necrostackFanOut],
    ['@nestjs/cqrs EventBus', nestCqrsFanOut],
    ['Node EventEmitter (sync)', eventEmitterFanOut],
  ] as const;
  return peers.flatMap(([name, run]) => FAN_OUT.map((n): Contender => ({
    key: `organs-${n}`,
    label: organs(n),
    subgroup: name,
    run: async () => {
      const calls = await run(inputs, n);
      return { calls, events: calls / n };
    },
  })));
}

/** One event type with 1, 4 and 16 listeners, in memory. */
export const fanOutMemory: GroupRunner = {
  id: 'fan-out-memory',
  section: 'memory',
  describe: (sizes) => ({
    title: 'Fan-out in memory: one event type, 1, 4 and 16 listening organs',
    description:
      `${fmt(sizes.fanOutMemoryInputs)} events of one type, each delivered to every listener (a NecroStack organ, ` +
      'a `@nestjs/cqrs` handler, an EventEmitter listener). NecroStack delivers to each organ separately ' +
      '(its own delivery, ack and retries). "× 1 organ" compares handler calls/s with the same contender\'s single listener.',
    metrics: [
      { key: 'calls', label: 'handler calls/s', unit: '', digits: 0, better: 'higher' },
      { key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' },
    ],
    ratios: [{ metric: 'calls', baseline: 'organs-1', label: 'calls × 1 organ' }],
    subgroupLabel: 'contender',
    chart: { kind: 'subgroups', file: 'fan-out-memory.svg', metric: 'calls' },
  }),
  steps: (sizes) => 3 * FAN_OUT.length * (sizes.rounds + 1),
  measure: (context) => alternate(context, 'fan-out in memory', contenders(context.sizes.fanOutMemoryInputs), context.sizes.rounds),
};
