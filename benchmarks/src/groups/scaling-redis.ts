import { fmt } from '../lib/format';
import { withRoundRatio } from '../lib/round-ratio';
import { alternate, type Contender } from '../harness/alternate';
import type { GroupRunner, RunContext } from '../harness/group';
import type { Row } from '../model/results';
import { KEYS, scalingRun, type ScalingScenario } from '../redis/e2e-scaling';
import { WARM_UP_EVENTS } from '../redis/e2e-workers';
import { PrivateTopology, TOPOLOGY_LABELS, type TopologyKind } from '../redis/private-topology';
import type { RedisRun } from '../redis/redis-info';

const TOPOLOGIES: readonly TopologyKind[] = ['node', 'cluster'];
const WORKERS = [1, 2, 3] as const;
const PARTITIONS = [1, 3, 12] as const;
/** Where per-key order is compared with `ordering: 'none'`. */
const UNORDERED = { partitions: 12, workers: [1, 3] } as const;
const GROUP = 'Redis scaling';

interface Cell extends ScalingScenario {
  readonly topology: TopologyKind;
}

const keyOf = (c: Cell): string => `${c.topology}-p${c.partitions}-w${c.workers}${c.ordering === 'none' ? '-unordered' : ''}`;

function cells(): Cell[] {
  return TOPOLOGIES.flatMap((topology) => [
    ...PARTITIONS.flatMap((partitions) => WORKERS.map((workers): Cell => ({ topology, partitions, workers }))),
    ...UNORDERED.workers.map((workers): Cell => ({ topology, partitions: UNORDERED.partitions, workers, ordering: 'none' })),
  ]);
}

const values = (run: RedisRun) => {
  const workerCpu = run.workerCpuMicrosPerEvent ?? NaN;
  return { events: run.eventsPerSecond, workerCpu, cpu: run.redisCpuMicrosPerEvent, totalCpu: workerCpu + run.redisCpuMicrosPerEvent };
};

function contender(cell: Cell, topologies: ReadonlyMap<TopologyKind, PrivateTopology>, events: number): Contender {
  // Led by a word, not a figure: the table aligns a column of figures to the right.
  const ordering = cell.ordering === 'none' ? ", ordering 'none'" : '';
  return {
    key: keyOf(cell),
    label: `workers ${cell.workers}, partitions ${cell.partitions}${ordering}`,
    subgroup: TOPOLOGY_LABELS[cell.topology],
    run: async () => values(await scalingRun(topologies.get(cell.topology) as PrivateTopology, cell, events)),
  };
}

/** The three same-round ratios of each row: × 1 worker, × one node, ordered × unordered. */
function withRatios(rows: readonly Row[]): Row[] {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return cells().map((cell) => {
    let row = byKey.get(keyOf(cell)) as Row;
    if (cell.workers > 1) row = withRoundRatio(row, byKey.get(keyOf({ ...cell, workers: 1 })), 'events', 'perWorker');
    if (cell.topology === 'cluster') row = withRoundRatio(row, byKey.get(keyOf({ ...cell, topology: 'node' })), 'events', 'perNode');
    if (cell.ordering === undefined) row = withRoundRatio(row, byKey.get(keyOf({ ...cell, ordering: 'none' })), 'events', 'ordered');
    return row;
  });
}

async function measure(context: RunContext): Promise<Row[]> {
  const topologies = new Map<TopologyKind, PrivateTopology>();
  try {
    for (const kind of TOPOLOGIES) {
      context.progress.step(GROUP, 'start', `a private ${TOPOLOGY_LABELS[kind]}`);
      topologies.set(kind, await PrivateTopology.start(kind));
    }
    const contenders = cells().map((cell) => contender(cell, topologies, context.sizes.scalingEvents));
    // One unrecorded run warms the bench process up (JIT, connections); each run warms its own workers up.
    context.progress.step(GROUP, 'warm-up', contenders[0]!.label);
    await contenders[0]!.run();
    return withRatios(await alternate(context, GROUP, contenders, context.sizes.rounds, false));
  } finally {
    for (const topology of topologies.values()) await topology.destroy();
  }
}

/** End to end on one node vs a 3-master Cluster, with 1–3 worker processes and 1, 3 or 12 partitions. */
export const scalingRedis: GroupRunner = {
  id: 'scaling-redis',
  section: 'redis',
  describe: (sizes) => ({
    title: 'Redis: scaling over worker processes, partitions and a Cluster',
    description:
      `${fmt(sizes.scalingEvents)} events per run, on Redis servers the bench starts for the group on free 127.0.0.1 ports ` +
      '(no persistence): one redis-server, and a Cluster of 3 masters without replicas. The bench process produces them ' +
      `through \`RedisBackend.enqueue\` (batches of 1,000; ${fmt(KEYS)} correlation ids, the default partition key) while ` +
      '1, 2 or 3 worker processes, each a Spine with one no-op async organ and default options, consume them; after ' +
      `${fmt(WARM_UP_EVENTS)} warm-up events handled by the workers, the clock runs until the workers handled every event and the group ` +
      'has nothing pending on any partition. Ordering is the default (none with 1 partition, per key with more), and ' +
      "`ordering: 'none'` at 12 partitions with 1 and 3 workers. Worker CPU is the user + system time of all worker " +
      'processes while the clock runs (each says its own over IPC), per event; Redis CPU is `used_cpu_user + used_cpu_sys` of every ' +
      'server process (`INFO cpu`) over the run. The ratios divide round by round (both ran in the same round): ' +
      '"× 1 worker" by the same Redis and partitions with 1 worker process, "× one node" by one node with the same ' +
      "workers and partitions, \"ordered × unordered\" by `ordering: 'none'`. On 2 cores the producer, the workers and " +
      'the Redis processes share the same CPUs, so more processes cannot give more events/s; read the scaling off the CPU per event.',
    metrics: [
      { key: 'events', label: 'events/s', unit: '', digits: 0, better: 'higher' },
      { key: 'workerCpu', label: 'worker CPU', unit: 'µs/event', digits: 1, better: 'lower' },
      { key: 'cpu', label: 'Redis CPU', unit: 'µs/event', digits: 1, better: 'lower' },
      { key: 'totalCpu', label: 'worker + Redis CPU', unit: 'µs/event', digits: 1, better: 'lower' },
      { key: 'perWorker', label: '× 1 worker', unit: '', digits: 2, better: 'higher' },
      { key: 'perNode', label: '× one node', unit: '', digits: 2, better: 'higher' },
      { key: 'ordered', label: 'ordered × unordered', unit: '', digits: 2, better: 'higher' },
    ],
    ratios: [],
    subgroupLabel: 'Redis',
  }),
  steps: (sizes) => TOPOLOGIES.length + 1 + cells().length * sizes.rounds,
  measure,
};
