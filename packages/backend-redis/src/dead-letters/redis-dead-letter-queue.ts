import { Event, type DeadLetterQueue, type RefusedReplay, type ReplayReport, type EncodedEvent, type FailedEvent, type ReplayFilter } from '@necrostack/core';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import { eventFields, fieldMap, type RawEntry } from '../codec/entry-codec';
import { RAW_BYTES_FIELD, replayRefusal, toFailedEvent } from '../codec/dead-letter-codec';
import type { RedisKeys } from '../redis-keys';
import { REPLAY_SCRIPT } from '../scripts/replay.script';
import { ScriptCalls } from '../scripts/lua-script';
import { toUnavailable } from '../translate-error';

const PAGE = 1_000;
const ENTRY_ID = /^\d+-\d+$/;

/**
 * The dead-letter stream as a {@link DeadLetterQueue}: durable, shared by every worker, readable
 * with `redis-cli XRANGE <dlq> - +`.
 *
 * `size` and `droppedCount` are synchronous, so they report the last state seen: after every
 * dead letter this process wrote, and after `getAll()`, `delete()`, `clear()`, `replay()` and `refresh()`.
 *
 * Replay puts the event back for the group that failed it: on that group's retry stream
 * (`<streamKey>:retry:<group>`), which only that group reads, so the organs that succeeded do
 * not run again. An event that was never stored (its enqueue failed) is enqueued anew. Each
 * replayed dead letter is deleted, atomically with the write. Entries that are not events (could
 * not be decoded, or were not valid UTF-8) are never replayed: {@link replayWithReport} lists them.
 *
 * @example
 * ```ts
 * const backend = new RedisBackend({ url: 'redis://127.0.0.1:6379' });
 * for (const letter of await backend.deadLetters.getAll()) console.log(letter.organ, letter.error.message);
 * await backend.deadLetters.replay({ organ: 'SendEmail' });
 * const stale = (await backend.deadLetters.getAll()).filter((l) => l.organ === 'Legacy');
 * await backend.deadLetters.delete(stale.map((l) => l.id));
 * ```
 */
export class RedisDeadLetterQueue implements DeadLetterQueue {
  #size = 0;
  #dropped = 0;

  constructor(
    private readonly keys: RedisKeys,
    private readonly connection: RedisConnection,
  ) {}

  /** Dead letters in the stream, as last seen by this process. */
  get size(): number {
    return this.#size;
  }

  /** Dead letters trimmed away by `deadLetterMaxLen`, as last seen by this process. */
  get droppedCount(): number {
    return this.#dropped;
  }

  /** Every dead letter, oldest first (read in pages of 1,000). */
  async getAll(): Promise<FailedEvent[]> {
    const entries = await this.#read();
    await this.refresh();
    return entries.map(toFailedEvent);
  }

  /** Deletes every dead letter. */
  async clear(): Promise<void> {
    await this.#run('clear dead letters', [['DEL', this.keys.dlq]]);
    this.#size = 0;
  }

  /**
   * Deletes exactly these dead letters (ids as `getAll()` gives them, e.g. one organ's): those
   * written meanwhile stay. Resolves with how many were deleted; ids gone already do not count.
   */
  async delete(ids: readonly string[]): Promise<number> {
    const valid = ids.filter((id) => ENTRY_ID.test(id));
    const commands: RedisCommand[] = [];
    for (let i = 0; i < valid.length; i += PAGE) commands.push(['XDEL', this.keys.dlq, ...valid.slice(i, i + PAGE)]);
    const replies = await this.#run('delete dead letters', commands);
    await this.refresh();
    return replies.reduce<number>((sum, deleted) => sum + Number(deleted), 0);
  }

  /** Reads the exact `size` and `droppedCount` from Redis. */
  async refresh(): Promise<{ size: number; droppedCount: number }> {
    const [length, dropped] = await this.#run('read dead-letter counts', [['XLEN', this.keys.dlq], ['GET', this.keys.dlqDropped]]);
    this.noteState(Number(length), Number(dropped ?? 0));
    return { size: this.#size, droppedCount: this.#dropped };
  }

  /**
   * Replays the matching dead letters (all, one organ's, or one by id); resolves with how many
   * were replayed. Entries that cannot be replayed are left in place: see {@link replayWithReport}.
   */
  async replay(filter: ReplayFilter = {}): Promise<number> {
    return (await this.replayWithReport(filter)).replayed;
  }

  /**
   * Like {@link replay}, and lists the matching dead letters it refused, with the reason: entries
   * that could not be decoded into an event, and entries that were not valid UTF-8 (their text is
   * a lossy reading of their bytes, so replaying it would hand on altered data).
   */
  async replayWithReport(filter: ReplayFilter = {}): Promise<ReplayReport> {
    if (filter.id !== undefined && !ENTRY_ID.test(filter.id)) return { replayed: 0, refused: [] };
    const entries = filter.id === undefined ? await this.#read() : await this.#read(filter.id, filter.id);
    const calls = new ScriptCalls();
    const commands: RedisCommand[] = [];
    const refused: RefusedReplay[] = [];
    const apart: { id: string; target: string; fields: readonly string[] }[] = [];
    for (const raw of entries) {
      const entry = toFailedEvent(raw);
      if (filter.organ !== undefined && entry.organ !== filter.organ) continue;
      if (!entry.event) {
        refused.push({ id: entry.id, organ: entry.organ, reason: replayRefusal(entry) });
        continue;
      }
      const fields = eventFields(replayedParts(raw, entry.event, entry.raw));
      if (entry.group === undefined && this.keys.partitions > 1) {
        if (entry.rawBytes) refused.push({ id: entry.id, organ: entry.organ, reason: replayRefusal(entry) });
        else apart.push({ id: entry.id, target: this.keys.partitionOf(entry.event), fields });
        continue;
      }
      const target = entry.group !== undefined ? this.keys.retryStream(entry.group) : this.keys.eventStream(entry.event.eventType);
      if (entry.group === undefined && this.keys.layout === 'per-type') commands.push(['SADD', this.keys.types, entry.event.eventType]);
      commands.push(calls.call(REPLAY_SCRIPT, [this.keys.dlq, target], [entry.id, RAW_BYTES_FIELD, ...fields]));
    }
    const replies = await this.#run('replay dead letters', commands);
    await this.#replayApart(apart);
    await this.refresh();
    return { replayed: replies.filter((reply) => reply === 1).length + apart.length, refused };
  }

  /**
   * Letters that name no organ, with partitions: their event goes back to its partition, in another
   * slot than the dead letters, so not atomically: written first, then the letters deleted (a
   * failure between the two leaves a letter that a later replay writes again: a duplicate, never a loss).
   */
  async #replayApart(apart: readonly { id: string; target: string; fields: readonly string[] }[]): Promise<void> {
    if (apart.length === 0) return;
    await this.#run('replay dead letters', apart.map(({ target, fields }) => ['XADD', target, '*', ...fields]));
    await this.#run('replay dead letters', [['XDEL', this.keys.dlq, ...apart.map(({ id }) => id)]]);
  }

  /** Records the stream's state as a script reported it. */
  noteState(length: number, dropped: number): void {
    this.#size = length;
    this.#dropped = dropped;
  }

  async #read(start = '-', end = '+'): Promise<RawEntry[]> {
    const all: RawEntry[] = [];
    for (let from = start; ;) {
      const [page] = (await this.#run('read dead letters', [['XRANGE', this.keys.dlq, from, end, 'COUNT', String(PAGE)]])) as [RawEntry[]];
      all.push(...page);
      if (page.length < PAGE) return all;
      from = `(${(page[page.length - 1] as RawEntry)[0]}`;
    }
  }

  async #run(action: string, commands: readonly RedisCommand[]): Promise<unknown[]> {
    try {
      return await this.connection.pipeline(commands);
    } catch (error) {
      throw toUnavailable(action, error);
    }
  }
}

/**
 * What a replay writes: the event as it was stored (its exact text) with its `meta`; for a dead letter
 * written before the `meta` field existed, whose `event` text holds the lineage, the two parts anew.
 */
function replayedParts(entry: RawEntry, event: Event, raw: string): EncodedEvent {
  const meta = fieldMap(entry[1] ?? []).meta;
  if (meta !== undefined) return { event: raw, meta };
  const parts = Event.encodeParts(event);
  return parts.meta === undefined ? { event: raw, meta: undefined } : parts;
}
