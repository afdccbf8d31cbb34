import type { Event } from '@necrostack/core';
import { hashText } from './connection/command-key';
import { defaultPartitionKey, partitionOf, type PartitionKeyOf } from './partitions/partition-key';

/**
 * How events are spread over streams: `single` (every event in `streamKey`, global order, shared
 * with Python workers) or `per-type` (one stream per event type, for scale).
 * @example
 * ```ts
 * const layout: RedisLayout = 'per-type';
 * new RedisBackend({ layout });
 * ```
 */
export type RedisLayout = 'single' | 'per-type';

/**
 * Options of {@link RedisKeys}.
 * @example
 * ```ts
 * new RedisKeys({ streamKey: 'necrostack:events', consumerGroup: 'necrostack', layout: 'single' });
 * ```
 */
export interface RedisKeysOptions {
  /** The events stream, used exactly as given (shared with Python workers). */
  readonly streamKey: string;
  /** Prefix of every consumer group name: `${consumerGroup}:${group}`. */
  readonly consumerGroup: string;
  /** The dead-letter stream; default `${streamKey}:dlq`. */
  readonly dlqStream?: string;
  /** `single` (default): one stream for every event; `per-type`: one stream per event type. */
  readonly layout?: RedisLayout;
  /** How many partition streams the events are spread over (1: `streamKey` itself). */
  readonly partitions?: number;
  /** The key that picks an event's partition (default: its correlation id, or its id). */
  readonly partitionKey?: PartitionKeyOf;
}

/**
 * Every Redis key and group name the backend uses, built in one place. `streamKey` is used as
 * given; every other key is `streamKey` plus a suffix, so a hash-tagged `streamKey`
 * (`{orders}:events`) keeps them all in one Redis Cluster slot.
 *
 * | key                                   | type   | holds                                            |
 * |---------------------------------------|--------|--------------------------------------------------|
 * | `<streamKey>`                         | stream | every event (`single` layout)                    |
 * | `<streamKey>:type:<eventType>`        | stream | the events of one type (`per-type` layout)       |
 * | `<streamKey>:types`                   | set    | the event types seen (`per-type` layout)         |
 * | `<streamKey>:retry:<group>`           | stream | replayed dead letters for one group              |
 * | `<streamKey>:dlq`                     | stream | dead letters (or the `dlqStream` option)         |
 * | `<streamKey>:dlq-dropped`             | string | dead letters trimmed by `deadLetterMaxLen`       |
 * | `<streamKey>:done:<group>:<eventId>`  | string | "completed" marks of idempotent groups (TTL)     |
 * | `<streamKey>:enqueued:<batch>`        | string | marks of enqueued batches, for retries (TTL)     |
 * | `<streamKey>:delayed`                 | zset   | delayed events not yet due (score: due ms)       |
 * | `<streamKey>:schedules`               | hash   | latest tick claimed per recurring schedule       |
 * | `<streamKey>:saga:<saga>:<key>`       | hash   | one saga instance: `version`, `data`             |
 * | `<streamKey>:members:<redisGroup>`    | zset   | live consumers of a group (per-key ordering; score: heartbeat ms) |
 * | `<stream>:owner:<redisGroup>`         | string | the consumer holding the lease of a partition stream (TTL) |
 *
 * With `partitions` N > 1 the events go to N partition streams instead of `streamKey`, each with a
 * hash tag of its own: `{orders-p0}:events` … for `{orders}:events` (the tag gets `-p<i>`), and
 * `{necrostack:events-p0}` … for a key without a tag. The keys a script uses with a partition's
 * stream live in the partition's slot, under its name: `<partition>:delayed`, `<partition>:schedules`,
 * `<partition>:done:<group>:<eventId>`, `<partition>:enqueued:<batch>`. Dead letters, retry streams
 * and sagas stay under `streamKey`.
 *
 * @example
 * ```ts
 * const keys = new RedisKeys({ streamKey: '{shop}:events', consumerGroup: 'necrostack' });
 * keys.dlq;                      // '{shop}:events:dlq'
 * keys.groupName('SendEmail');   // 'necrostack:SendEmail'
 * keys.eventStream('ORDER_PLACED'); // '{shop}:events' (single layout)
 * ```
 */
export class RedisKeys {
  readonly streamKey: string;
  readonly consumerGroup: string;
  readonly layout: RedisLayout;
  /** The dead-letter stream. */
  readonly dlq: string;
  /** Counter of dead letters trimmed from the dead-letter stream. */
  readonly dlqDropped: string;
  /** The set of event types that have a stream (`per-type` layout). */
  readonly types: string;
  /** Delayed events not yet due: a sorted set scored by due time (ms), moved to the streams when due. */
  readonly delayed: string;
  /** The latest tick claimed per recurring schedule: a hash, schedule name → epoch ms. */
  readonly schedules: string;
  /** How many partitions; 1: every event in `streamKey` (or its type's stream). */
  readonly partitions: number;
  /** The partition streams, in partition order (`[streamKey]` with one partition). */
  readonly partitionStreams: readonly string[];
  readonly #partitionSet: ReadonlySet<string>;
  readonly #partitionKey: PartitionKeyOf;

  constructor(options: RedisKeysOptions) {
    this.streamKey = options.streamKey;
    this.consumerGroup = options.consumerGroup;
    this.layout = options.layout ?? 'single';
    this.dlq = options.dlqStream ?? `${this.streamKey}:dlq`;
    this.dlqDropped = `${this.streamKey}:dlq-dropped`;
    this.types = `${this.streamKey}:types`;
    this.delayed = `${this.streamKey}:delayed`;
    this.schedules = `${this.streamKey}:schedules`;
    this.partitions = options.partitions ?? 1;
    this.partitionStreams = this.partitions === 1
      ? [this.streamKey]
      : Array.from({ length: this.partitions }, (_, i) => partitionName(this.streamKey, i));
    this.#partitionSet = new Set(this.partitionStreams);
    this.#partitionKey = options.partitionKey ?? defaultPartitionKey;
  }

  /** The partition stream of the events whose partition key is `key`. */
  partitionStream(key: string): string {
    return this.partitionStreams[partitionOf(key, this.partitions)] as string;
  }

  /** The partition stream `event` goes to (`streamKey` with one partition). */
  partitionOf(event: Event<object>): string {
    return this.partitions === 1 ? this.streamKey : this.partitionStream(this.#partitionKey(event));
  }

  /** The partition key of `event` (the `partitionKey` option). */
  partitionKeyOf(event: Event<object>): string {
    return this.#partitionKey(event);
  }

  /**
   * The prefix of the keys that share `stream`'s slot: the partition stream itself for a partition
   * of several, else `streamKey` (so, with one partition, every key is as before).
   */
  home(stream: string): string {
    return this.partitions > 1 && this.#partitionSet.has(stream) ? stream : this.streamKey;
  }

  /** `items` grouped by the slot of their stream (its {@link RedisKeys.home}), in first-seen order. */
  bySlot<T>(items: readonly T[], streamOf: (item: T) => string): T[][] {
    const slots = new Map<string, T[]>();
    for (const item of items) {
      const home = this.home(streamOf(item));
      const slot = slots.get(home);
      if (slot) slot.push(item);
      else slots.set(home, [item]);
    }
    return [...slots.values()];
  }

  /** The delayed set of the events bound for `stream` (one per partition). */
  delayedOf(stream: string): string {
    return `${this.home(stream)}:delayed`;
  }

  /** The schedules hash whose ticks are written to `stream` (one per partition). */
  schedulesOf(stream: string): string {
    return `${this.home(stream)}:schedules`;
  }

  /** The event-type set in `stream`'s slot (used by the `per-type` layout, which has one partition). */
  typesOf(stream: string): string {
    return `${this.home(stream)}:types`;
  }

  /** The live members of `redisGroup` (per-key ordering): a sorted set, scored by last heartbeat (ms). */
  membersKey(redisGroup: string): string {
    return `${this.streamKey}:members:${redisGroup}`;
  }

  /** The lease of `stream` for `redisGroup` (per-key ordering): the holding consumer's name, with a TTL; in `stream`'s slot. */
  ownerKey(redisGroup: string, stream: string): string {
    return `${stream}:owner:${redisGroup}`;
  }

  /** The Redis consumer group of a subscription group (an organ, or organs sharing a group). */
  groupName(group: string): string {
    return `${this.consumerGroup}:${group}`;
  }

  /** The stream an event of `eventType` is written to, with one partition. */
  eventStream(eventType: string): string {
    return this.layout === 'single' ? this.streamKey : `${this.streamKey}:type:${eventType}`;
  }

  /** The streams a group listening to `eventTypes` reads, its retry stream last. */
  groupStreams(group: string, eventTypes: readonly string[]): string[] {
    const streams = this.layout === 'single' ? [...this.partitionStreams] : [...new Set(eventTypes)].map((t) => this.eventStream(t));
    streams.push(this.retryStream(group));
    return streams;
  }

  /** Where replayed dead letters of `group` are written; only that group reads it. */
  retryStream(group: string): string {
    return `${this.streamKey}:retry:${group}`;
  }

  /** Whether `stream` is a group's retry stream. */
  isRetryStream(stream: string): boolean {
    return stream.startsWith(`${this.streamKey}:retry:`);
  }

  /**
   * The mark that `group` completed the event `eventId` (idempotent groups), in the slot of the
   * event's partition `stream`, wherever it was read from (its partition or a retry stream).
   */
  doneKey(group: string, eventId: string, stream = this.streamKey): string {
    return `${this.home(stream)}:done:${group}:${eventId}`;
  }

  /** The mark that the enqueue batch `batchId` (a digest of its event ids) was written to `stream`. */
  enqueueMark(batchId: string, stream = this.streamKey): string {
    return `${this.home(stream)}:enqueued:${batchId}`;
  }

  /** The hash of the instance of `saga` whose correlation key is `key`. */
  sagaKey(saga: string, key: string): string {
    return `${this.streamKey}:saga:${saga}:${key}`;
  }

  /**
   * A delivery id names the stream entry: the entry id alone for `streamKey` itself, else
   * `<entryId>@<stream>` (entry ids never contain `@`).
   */
  deliveryId(stream: string, entryId: string): string {
    return stream === this.streamKey ? entryId : `${entryId}@${stream}`;
  }

  /** The stream and entry id a {@link RedisKeys.deliveryId} names. */
  parseDeliveryId(deliveryId: string): { stream: string; entryId: string } {
    const at = deliveryId.indexOf('@');
    if (at < 0) return { stream: this.streamKey, entryId: deliveryId };
    return { stream: deliveryId.slice(at + 1), entryId: deliveryId.slice(0, at) };
  }
}

/** Partition `index` of `streamKey`: its hash tag (or the whole key, when it has none) gets `-p<index>`. */
function partitionName(streamKey: string, index: number): string {
  const tag = hashText(streamKey);
  if (tag === streamKey) return `{${streamKey}-p${index}}`;
  const open = streamKey.indexOf('{');
  return `${streamKey.slice(0, open + 1)}${tag}-p${index}${streamKey.slice(open + 1 + tag.length)}`;
}
