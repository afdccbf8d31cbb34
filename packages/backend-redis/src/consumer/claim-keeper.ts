import type { Logger } from '@necrostack/core';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import { REFRESH_SCRIPT } from '../scripts/refresh.script';
import { ScriptCalls } from '../scripts/lua-script';
import { sanitize } from '../translate-error';
import type { GroupRegistry } from './group-registry';
import type { Holding, InFlight } from './in-flight';

/**
 * Keeps this consumer's claims fresh: every `claimMinIdleMs / 3` it resets the idle time of the
 * entries it has held for that long (XCLAIM … JUSTID through the refresh script, which touches
 * only entries still ours), so a slow but live handler is never robbed by XAUTOCLAIM. Entries
 * found taken over by another consumer are dropped from this one.
 */
export class ClaimKeeper {
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;

  constructor(
    private readonly connection: RedisConnection,
    private readonly groups: GroupRegistry,
    private readonly inFlight: InFlight,
    private readonly consumer: string,
    claimMinIdleMs: number,
    private readonly logger: Logger,
  ) {
    this.#intervalMs = Math.max(10, Math.floor(claimMinIdleMs / 3));
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => { this.#ticking ??= this.tick().finally(() => { this.#ticking = undefined; }); }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
  }

  /** One refresh round trip for every holding older than the interval. */
  async tick(): Promise<void> {
    const staleBefore = Date.now() - this.#intervalMs;
    const batches = new Map<string, Holding[]>();
    for (const holding of this.inFlight.values()) {
      if (holding.touchedAt > staleBefore) continue;
      const key = `${holding.redisGroup}\n${holding.stream}`;
      batches.set(key, [...(batches.get(key) ?? []), holding]);
    }
    if (batches.size === 0) return;
    const calls = new ScriptCalls();
    const commands: RedisCommand[] = [];
    const lists = [...batches.values()];
    for (const list of lists) {
      const [first] = list as [Holding];
      commands.push(calls.call(REFRESH_SCRIPT, [first.stream], [first.redisGroup, this.consumer, ...list.map((h) => h.entryId)]));
    }
    const touchedAt = Date.now();
    try {
      const replies = await this.connection.pipeline(commands);
      lists.forEach((list, i) => this.#apply(list, replies[i] as string[], touchedAt));
    } catch (error) {
      this.logger.warn('Could not refresh in-flight deliveries', { count: lists.flat().length, error: sanitize(error) });
    }
  }

  #apply(list: readonly Holding[], lost: readonly string[], touchedAt: number): void {
    const lostIds = new Set(lost);
    for (const holding of list) {
      if (!lostIds.has(holding.entryId)) {
        holding.touchedAt = touchedAt;
        continue;
      }
      this.inFlight.delete(holding.redisGroup, holding.deliveryId);
      this.groups.get(holding.group)?.redeliveries.delete(holding.deliveryId);
    }
    if (lostIds.size > 0) this.logger.warn('In-flight deliveries were taken over by another consumer', { count: lostIds.size });
  }
}
