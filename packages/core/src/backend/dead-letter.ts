import { Event } from '../event/event';
import type { DeadLetter, DeadLetterError } from './backend';

/** A value, or a promise of it: in-memory stores answer at once, durable ones asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

/** One entry of a dead-letter store. */
export interface FailedEvent {
  /** The dead letter's own id in its store. */
  readonly id: string;
  /** The failed event; undefined when the original entry could not be decoded (see `raw`). */
  readonly event: Event | undefined;
  /** The event's wire JSON, or the undecodable entry as it was stored. */
  readonly raw: string;
  /**
   * The entry's exact bytes when they are not valid UTF-8: `raw` is then a lossy reading of them
   * (U+FFFD in place of the invalid bytes), and the dead letter is never replayed.
   */
  readonly rawBytes?: Uint8Array;
  readonly error: DeadLetterError;
  /** The organ that failed, when one did. */
  readonly organ: string | undefined;
  /** The consumer group the delivery belonged to; undefined for an event that was never stored. */
  readonly group: string | undefined;
  readonly attempts: number;
  readonly failedAt: Date;
}

/**
 * Where failed events are kept: the Spine's `failedEventStore`. In-memory stores answer
 * synchronously; durable ones return promises, so `await` the results to work with both.
 *
 * @example
 * ```ts
 * for (const { event, error } of await spine.failedEventStore.getAll()) {
 *   console.log(event?.id, error.name, error.message);
 * }
 * ```
 */
export interface FailedEventStore {
  /** Every entry held, oldest first. */
  getAll(): MaybePromise<readonly FailedEvent[]>;
  /** Removes every entry. */
  clear(): MaybePromise<void>;
  /** How many entries are held. */
  readonly size: number;
  /** How many entries a bounded store evicted to make room (oldest first). */
  readonly droppedCount: number;
}

/** A store the Spine can write to: give one as the `failedEventStore` option to keep a copy of every dead letter. */
export interface WritableFailedEventStore extends FailedEventStore {
  add(entry: FailedEvent): MaybePromise<void>;
}

/** Which dead letters to replay: all of them, one organ's, or one entry. */
export interface ReplayFilter {
  /** Only this organ's dead letters. */
  readonly organ?: string;
  /** Only the dead letter with this id. */
  readonly id?: string;
}

/** A dead letter that replay left in place, and why. */
export interface RefusedReplay {
  readonly id: string;
  readonly organ: string | undefined;
  readonly reason: string;
}

/**
 * What a durable dead-letter store's `replayWithReport` did.
 * @example
 * ```ts
 * const { replayed, refused } = await backend.deadLetters.replayWithReport({ organ: 'ChargeCard' });
 * for (const { id, reason } of refused) console.warn(`dead letter ${id} stays: ${reason}`);
 * ```
 */
export interface ReplayReport {
  /** How many dead letters were replayed (and deleted). */
  readonly replayed: number;
  /** The matching dead letters that were not, with the reason. */
  readonly refused: readonly RefusedReplay[];
}

/**
 * A backend's dead-letter store, with replay: the event is delivered again to the group that failed
 * (or enqueued anew for an event that was never stored) and its dead letter removed.
 */
export interface DeadLetterQueue extends FailedEventStore {
  /** Replays the matching dead letters; resolves with how many were replayed. */
  replay(filter?: ReplayFilter): Promise<number>;
}

/** The store entry for a dead letter. */
export function toFailedEvent(letter: DeadLetter, id: string): FailedEvent {
  const event = typeof letter.event === 'string' ? undefined : (letter.event as Event);
  return {
    id,
    event,
    raw: event ? Event.encode(event) : (letter.event as string),
    error: letter.error,
    organ: letter.organ,
    group: letter.delivery?.group,
    attempts: letter.attempts,
    failedAt: new Date(),
  };
}
