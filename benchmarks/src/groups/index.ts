import type { GroupRunner } from '../harness/group';
import { cost } from './cost';
import { delayedRedis } from './delayed-redis';
import { delayedThroughputRedis } from './delayed-throughput-redis';
import { dto } from './dto';
import { fanOutMemory } from './fan-out-memory';
import { fanOutRedis } from './fan-out-redis';
import { latencyMemory } from './latency-memory';
import { latencyPostgres } from './latency-postgres';
import { latencyRedis } from './latency-redis';
import { sagasRedis } from './sagas-redis';
import { scalingRedis } from './scaling-redis';
import { soak } from './soak';
import { throughputMemory } from './throughput-memory';
import { throughputPostgres } from './throughput-postgres';
import { throughputRedis } from './throughput-redis';

/** Every group, in the order a run measures them and the report shows them. */
export const GROUPS: readonly GroupRunner[] = [
  throughputMemory, dto, latencyMemory, fanOutMemory, soak,
  throughputRedis, latencyRedis, delayedRedis, delayedThroughputRedis, fanOutRedis, sagasRedis, scalingRedis, cost,
  throughputPostgres, latencyPostgres,
];

/** The groups `--only` selects: by section (`memory`, `redis`, `postgres`) or by id; throws on an unknown name. */
export function selectGroups(only: readonly string[] | null): GroupRunner[] {
  if (only === null) return [...GROUPS];
  const known = new Set(GROUPS.flatMap((g) => [g.id, g.section]));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown group(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return GROUPS.filter((g) => only.includes(g.id) || only.includes(g.section));
}
