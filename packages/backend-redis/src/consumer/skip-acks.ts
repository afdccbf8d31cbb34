import type { RedisCommand } from '../connection/redis-connection';
import type { MetricsCounter } from '../metrics';

/**
 * Entries a group read but does not want (types it does not listen to, entries already completed
 * by an idempotent group): acked without being delivered, in the next round trip that goes out.
 */
export class SkipAcks {
  #byTarget = new Map<string, { stream: string; redisGroup: string; ids: string[] }>();

  constructor(private readonly metrics: MetricsCounter) {}

  get size(): number {
    return this.#byTarget.size;
  }

  add(stream: string, redisGroup: string, entryId: string): void {
    this.metrics.eventsSkipped++;
    const key = `${redisGroup}\n${stream}`;
    const target = this.#byTarget.get(key);
    if (target) target.ids.push(entryId);
    else this.#byTarget.set(key, { stream, redisGroup, ids: [entryId] });
  }

  /** How many entries of `redisGroup` were added since the last drain. */
  countOf(redisGroup: string): number {
    let count = 0;
    for (const target of this.#byTarget.values()) if (target.redisGroup === redisGroup) count += target.ids.length;
    return count;
  }

  /** The XACK commands for everything added, and forgets it. */
  drain(): RedisCommand[] {
    const commands: RedisCommand[] = [];
    for (const { stream, redisGroup, ids } of this.#byTarget.values()) commands.push(['XACK', stream, redisGroup, ...ids]);
    this.#byTarget = new Map();
    return commands;
  }
}
