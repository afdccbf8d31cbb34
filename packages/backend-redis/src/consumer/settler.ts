import type { DeadLetter, Delivery, Settlement } from '@necrostack/core';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import type { MetricsCounter } from '../metrics';
import type { RedisKeys } from '../redis-keys';
import { ACK_DONE_SCRIPT } from '../scripts/ack-done.script';
import { ScriptCalls } from '../scripts/lua-script';
import { toUnavailable } from '../translate-error';
import type { DeadLetterWriter, LetterToWrite, StoredSource } from './dead-letter-writer';
import type { GroupRegistry, GroupState } from './group-registry';
import type { Holding, InFlight } from './in-flight';
import type { SkipAcks } from './skip-acks';

/** A released entry's idle time: far beyond any claimMinIdleMs, so any live consumer takes it at once. */
export const RELEASED_IDLE_MS = 365 * 24 * 3_600_000;

/** Everything the settler works with, owned by the backend. */
export interface SettlerDeps {
  readonly keys: RedisKeys;
  readonly consumer: string;
  readonly idempotencyTtlMs: number;
  readonly connection: RedisConnection;
  readonly groups: GroupRegistry;
  readonly inFlight: InFlight;
  readonly skipAcks: SkipAcks;
  readonly deadLetters: DeadLetterWriter;
  readonly metrics: MetricsCounter;
}

interface Located {
  readonly state: GroupState | undefined;
  readonly redisGroup: string;
  readonly stream: string;
  readonly entryId: string;
}

/** XACK, the stream and the group: the words of an XACK command before its entry ids. */
const XACK_HEAD = 3;

/** The acks of one stream and group: plain ones (the XACK command, built as they come), and those marking an idempotent group's events done. */
interface AckBatch {
  readonly xack: string[];
  readonly doneIds: string[];
  readonly doneKeys: string[];
}

/**
 * Implements `settle` in one pipelined round trip: XACK per stream and group (with the "done"
 * marks for idempotent groups, atomically), XCLAIM … IDLE to hand releases back, and the atomic
 * dead-letter script — one call per delivery it settles (a failed delivery, or the source of
 * emitted events that could not be stored), so no delivery is acked unless its dead letters are
 * written. Nacks need no command: the entry stays pending with this consumer and the next pull
 * claims it back, which counts the delivery.
 */
export class Settler {
  constructor(private readonly deps: SettlerDeps) {}

  async settle({ acks, nacks, releases, deadLetters }: Settlement): Promise<void> {
    const calls = new ScriptCalls();
    const commands: RedisCommand[] = this.deps.skipAcks.drain();
    this.#acks(acks, calls, commands);
    for (const delivery of nacks) this.#nack(delivery);
    this.#releases(releases, commands);
    const letterAt = commands.length;
    const apart: { source: StoredSource; letters: LetterToWrite[] }[] = [];
    for (const { settles, letters } of this.#writes(deadLetters)) {
      const source = settles && this.#settledBy(settles);
      if (source && this.deps.keys.home(source.stream) !== this.deps.keys.streamKey) apart.push({ source, letters });
      else commands.push(this.deps.deadLetters.command(calls, letters, source));
    }
    const letterEnd = commands.length;
    for (const { source } of apart) commands.push(['XPENDING', source.stream, source.redisGroup, source.entryId, source.entryId, '1']);
    // Holdings were dropped above: if this round trip fails, the entries stay pending in Redis
    // and, no longer refreshed, are taken over after claimMinIdleMs (at-least-once).
    const replies = await this.#send(commands);
    this.deps.metrics.eventsAcked += acks.length;
    for (let i = letterAt; i < letterEnd; i++) this.deps.metrics.eventsFailed += this.deps.deadLetters.written(replies[i]);
    await this.#lettersApart(apart.filter((_, j) => (replies[letterEnd + j] as unknown[]).length > 0));
  }

  /**
   * Dead letters of partition entries, found still pending: a partition's entry is in another slot
   * than the dead-letter stream, so no one script can write and ack. The letters first, then the
   * acks, each once the step before succeeded (a crash between the two writes the letters again at
   * the entry's next delivery: duplicates, never a loss).
   */
  async #lettersApart(pending: readonly { source: StoredSource; letters: LetterToWrite[] }[]): Promise<void> {
    if (pending.length === 0) return;
    const calls = new ScriptCalls(); // a pipeline of its own: its first call of the script loads it
    const written = await this.#send(pending.map(({ letters }) => this.deps.deadLetters.command(calls, letters, undefined)));
    for (const reply of written) this.deps.metrics.eventsFailed += this.deps.deadLetters.written(reply);
    await this.#send(pending.map(({ source }) => ['XACK', source.stream, source.redisGroup, source.entryId]));
  }

  async #send(commands: readonly RedisCommand[]): Promise<unknown[]> {
    try {
      return await this.deps.connection.pipeline(commands);
    } catch (error) {
      throw toUnavailable('settle', error);
    }
  }

  /** The dead letters in writes: one per delivery they ack (their own, or their source), one each for the rest. */
  #writes(deadLetters: readonly DeadLetter[]): { settles: Delivery | undefined; letters: LetterToWrite[] }[] {
    const writes: { settles: Delivery | undefined; letters: LetterToWrite[] }[] = [];
    const bySettled = new Map<Delivery, LetterToWrite[]>();
    for (const letter of deadLetters) {
      const toWrite = { letter, from: letter.delivery ? this.#located(letter.delivery) : {} };
      const settles = letter.delivery ?? letter.source;
      const shared = settles && bySettled.get(settles);
      if (shared) {
        shared.push(toWrite);
        continue;
      }
      const letters = [toWrite];
      if (settles) bySettled.set(settles, letters);
      writes.push({ settles, letters });
    }
    return writes;
  }

  /** Where a delivery's entry is. */
  #located(delivery: Delivery): StoredSource {
    const at = this.#locate(delivery);
    return { entryId: at.entryId, stream: at.stream, group: delivery.group, redisGroup: at.redisGroup };
  }

  /** The entry a dead-letter write acks; this consumer's holding is dropped, as for an ack. */
  #settledBy(delivery: Delivery): StoredSource {
    const at = this.#located(delivery);
    this.deps.inFlight.delete(at.redisGroup, delivery.deliveryId);
    return at;
  }

  #acks(acks: readonly Delivery[], calls: ScriptCalls, commands: RedisCommand[]): void {
    const batches = new Map<string, Map<string, AckBatch>>();
    for (const delivery of acks) {
      const state = this.deps.groups.get(delivery.group);
      const redisGroup = state?.redisGroup ?? this.deps.keys.groupName(delivery.group);
      // The holding names the entry; a delivery no longer held (taken over, settled) is acked all the same.
      const { stream, entryId } = this.deps.inFlight.take(redisGroup, delivery.deliveryId) ?? this.deps.keys.parseDeliveryId(delivery.deliveryId);
      let byStream = batches.get(redisGroup);
      if (!byStream) batches.set(redisGroup, (byStream = new Map()));
      let batch = byStream.get(stream);
      if (!batch) byStream.set(stream, (batch = { xack: ['XACK', stream, redisGroup], doneIds: [], doneKeys: [] }));
      if (state?.idempotent === true && delivery.kind === 'event') {
        const partition = this.deps.keys.partitionOf(delivery.event);
        const doneKey = this.deps.keys.doneKey(delivery.group, delivery.event.id, partition);
        if (this.deps.keys.home(partition) === this.deps.keys.home(stream)) {
          batch.doneIds.push(entryId);
          batch.doneKeys.push(doneKey);
        } else {
          // Read from a retry stream, in another slot than its partition's marks: marked, then acked.
          commands.push(['SET', doneKey, '1', 'PX', String(this.deps.idempotencyTtlMs)]);
          batch.xack.push(entryId);
        }
      } else {
        batch.xack.push(entryId);
      }
    }
    for (const [redisGroup, byStream] of batches) {
      for (const [stream, { xack, doneIds, doneKeys }] of byStream) {
        if (xack.length > XACK_HEAD) commands.push(xack);
        if (doneIds.length > 0) {
          commands.push(calls.call(ACK_DONE_SCRIPT, [stream, ...doneKeys], [redisGroup, String(this.deps.idempotencyTtlMs), ...doneIds]));
        }
      }
    }
  }

  #nack(delivery: Delivery): void {
    const at = this.#locate(delivery);
    const holding = this.deps.inFlight.get(at.redisGroup, delivery.deliveryId);
    if (!holding || !at.state || at.state.redeliveries.has(delivery.deliveryId)) return; // settled already, or unknown
    const next: Holding = { ...holding, attempt: delivery.attempt };
    this.deps.inFlight.add(next);
    at.state.redeliveries.set(delivery.deliveryId, next);
    this.deps.metrics.eventsFailed++;
  }

  /** XCLAIM to ourselves with a huge IDLE: the next XAUTOCLAIM of any consumer takes it, counting no attempt. */
  #releases(releases: readonly Delivery[], commands: RedisCommand[]): void {
    const batches = new Map<string, { at: Located; attempt: number; ids: string[] }>();
    for (const delivery of releases) {
      const at = this.#locate(delivery);
      this.deps.inFlight.delete(at.redisGroup, delivery.deliveryId);
      const key = `${at.redisGroup}\n${at.stream}\n${delivery.attempt}`;
      const batch = batches.get(key) ?? { at, attempt: delivery.attempt, ids: [] };
      batches.set(key, batch);
      batch.ids.push(at.entryId);
    }
    for (const { at, attempt, ids } of batches.values()) {
      commands.push(releaseCommand(at.stream, at.redisGroup, this.deps.consumer, ids, attempt - 1));
    }
  }

  #locate(delivery: Delivery): Located {
    const state = this.deps.groups.get(delivery.group);
    const redisGroup = state?.redisGroup ?? this.deps.keys.groupName(delivery.group);
    const { stream, entryId } = this.deps.keys.parseDeliveryId(delivery.deliveryId);
    return { state, redisGroup, stream, entryId };
  }
}

/**
 * Hands entries back: they stay in the PEL (an entry always has an owner) but look idle for a
 * year, and their delivery count is set so the taker's XAUTOCLAIM brings it back to `retryCount + 1`.
 */
export function releaseCommand(stream: string, redisGroup: string, consumer: string, ids: readonly string[], retryCount: number): RedisCommand {
  return ['XCLAIM', stream, redisGroup, consumer, '0', ...ids, 'IDLE', String(RELEASED_IDLE_MS),
    'RETRYCOUNT', String(Math.max(0, retryCount)), 'JUSTID'];
}
