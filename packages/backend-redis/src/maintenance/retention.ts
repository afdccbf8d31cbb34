import type { Logger } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { GroupRegistry } from '../consumer/group-registry';
import { MAINTAIN_SCRIPT } from '../scripts/maintain.script';
import { ScriptCalls } from '../scripts/lua-script';
import { sanitize, toUnavailable } from '../translate-error';

/**
 * What one maintenance pass did (`await backend.maintain()`).
 * @example
 * ```ts
 * const { trimmed, consumersDeleted } = await backend.maintain();
 * ```
 */
export interface MaintenanceReport {
  /** Stream entries trimmed (acknowledged by every group). */
  readonly trimmed: number;
  /** Consumers deleted (idle past `retention.consumerIdleMs`, owning nothing). */
  readonly consumersDeleted: number;
}

/**
 * The retention policy, applied by workers every `retention.intervalMs` to the streams they read:
 * the maintain script trims what every group has acknowledged and deletes dead consumers, one
 * stream at a time and atomically, in one pipelined round trip. Runs in the background of a pull.
 */
export class Retention {
  #lastRunAt = 0;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly connection: RedisConnection,
    private readonly groups: GroupRegistry,
    private readonly intervalMs: number,
    private readonly consumerIdleMs: number,
    private readonly logger: Logger,
  ) {}

  /** Starts a pass in the background when one is due. */
  maybeRun(): void {
    if (this.intervalMs === 0 || this.#running || Date.now() - this.#lastRunAt < this.intervalMs) return;
    this.#lastRunAt = Date.now();
    this.#running = this.run()
      .catch((error: unknown) => this.logger.warn('Stream maintenance failed', { error: sanitize(error) }))
      .finally(() => { this.#running = undefined; });
  }

  /** Waits for a background pass to end. */
  async idle(): Promise<void> {
    await this.#running;
  }

  async run(): Promise<MaintenanceReport> {
    const streams = this.groups.streams();
    if (streams.length === 0) return { trimmed: 0, consumersDeleted: 0 };
    const calls = new ScriptCalls();
    const commands = streams.map((stream) => calls.call(MAINTAIN_SCRIPT, [stream], [String(this.consumerIdleMs)]));
    let replies: unknown[];
    try {
      replies = await this.connection.pipeline(commands);
    } catch (error) {
      throw toUnavailable('maintenance', error);
    }
    let trimmed = 0;
    let consumersDeleted = 0;
    for (const reply of replies as [number, number][]) {
      trimmed += Number(reply[0]);
      consumersDeleted += Number(reply[1]);
    }
    if (trimmed > 0 || consumersDeleted > 0) this.logger.debug('Streams maintained', { trimmed, consumers_deleted: consumersDeleted });
    return { trimmed, consumersDeleted };
  }
}
