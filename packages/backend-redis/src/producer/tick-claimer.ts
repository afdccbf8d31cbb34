import { Event } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { RedisKeys } from '../redis-keys';
import { ScriptRunner } from '../scripts/lua-script';
import { TICK_SCRIPT } from '../scripts/tick.script';
import { toUnavailable } from '../translate-error';

/**
 * Implements `claimTick`: one `tick` script call, which claims a schedule's tick and writes its event
 * atomically. With partitions, every tick of a schedule goes to the partition of the schedule's name.
 */
export class TickClaimer {
  readonly #script: ScriptRunner;

  constructor(private readonly keys: RedisKeys, connection: RedisConnection, private readonly maxLen: number | undefined) {
    this.#script = new ScriptRunner(connection, TICK_SCRIPT);
  }

  /** @throws BackendUnavailableError when Redis cannot be reached (the tick stays unclaimed). */
  async claim(schedule: string, tickAt: number, event: Event<object>): Promise<boolean> {
    const { event: original, meta } = Event.encodeParts(event);
    // With partitions, a schedule's ticks all go to the partition of its name, whose hash holds its claims.
    const stream = this.keys.layout === 'per-type' ? this.keys.eventStream(event.eventType) : this.keys.partitionStream(schedule);
    const keys = [this.keys.schedulesOf(stream), stream, this.keys.typesOf(stream)];
    const args = [schedule, String(tickAt), original, meta ?? '', this.maxLen === undefined ? '' : String(this.maxLen),
      this.keys.layout === 'per-type' ? event.eventType : ''];
    try {
      return Number(await this.#script.run(keys, args)) === 1;
    } catch (error) {
      throw toUnavailable('claimTick', error);
    }
  }
}
