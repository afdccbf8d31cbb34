import { Event, EventValidationError } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { MetricsCounter } from '../metrics';
import type { RedisKeys } from '../redis-keys';
import { ENQUEUE_SCRIPT } from '../scripts/enqueue.script';
import { ScriptRunner } from '../scripts/lua-script';
import { toEnqueueError } from '../translate-error';
import { EnqueueMarks } from './enqueue-marks';

/** What the producer writes with: the stream trim and the window of the enqueue marks. */
export interface ProducerOptions {
  readonly maxLen: number | undefined;
  readonly enqueueDedupWindowMs: number;
}

/**
 * Implements `enqueue`: one `enqueue` script call per batch, in one round trip, writing the events
 * in order; an event due later goes to the delayed set. A retry of a call whose reply never came
 * writes nothing (see {@link EnqueueMarks}). With partitions, the batch is split by partition, in
 * order, and each part is one script call in its partition's slot (all sent at once): an error
 * may leave some parts written, which a retry writes again (duplicates, never a loss).
 */
export class Producer {
  readonly #knownTypes = new Set<string>();
  /** The marks of each slot's enqueues: a call deletes answered marks of its own slot only. */
  readonly #marks = new Map<string, EnqueueMarks>();
  readonly #script: ScriptRunner;
  /** Told the earliest due time of each batch holding delayed events, once they are stored. */
  onDelayed: (dueAt: number) => void = () => undefined;

  constructor(
    private readonly keys: RedisKeys,
    connection: RedisConnection,
    private readonly options: ProducerOptions,
    private readonly metrics: MetricsCounter,
  ) {
    this.#script = new ScriptRunner(connection, ENQUEUE_SCRIPT);
  }

  async enqueue(events: readonly Event<object>[]): Promise<void> {
    if (events.length === 0) return;
    if (this.keys.partitions === 1) return this.#write(this.keys.streamKey, events);
    const parts = new Map<string, Event<object>[]>();
    for (const event of events) {
      if (!(event instanceof Event)) throw notAnEvent();
      const stream = this.keys.partitionOf(event);
      const part = parts.get(stream);
      if (part) part.push(event);
      else parts.set(stream, [event]);
    }
    const written = await Promise.allSettled([...parts].map(([stream, part]) => this.#write(stream, part)));
    const failed = written.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** One script call writing `events` to `stream` (or their type's streams), in order. */
  async #write(stream: string, events: readonly Event<object>[]): Promise<void> {
    const batch = this.#batch(stream, events);
    const marks = this.#marksOf(stream);
    const { token, toDelete } = marks.prepare(batch.mark);
    const keys = [batch.mark, this.keys.typesOf(stream), this.keys.delayedOf(stream), ...toDelete, ...batch.streams];
    const args = [String(this.options.enqueueDedupWindowMs), this.options.maxLen === undefined ? '' : String(this.options.maxLen),
      String(toDelete.length), String(batch.newTypes.length), token, String(batch.stride), ...batch.newTypes, ...batch.values];
    let written: number;
    try {
      written = Number(await this.#script.run(keys, args));
    } catch (error) {
      marks.restore(toDelete);
      const failure = toEnqueueError(batch.ids, error);
      if (failure.outcome === 'unknown') marks.unknown(batch.mark, token);
      throw failure;
    }
    marks.answered(batch.mark);
    for (const type of batch.newTypes) this.#knownTypes.add(type);
    // 0: an earlier try of this call, whose reply was lost, stored them.
    if (written === 0) this.metrics.duplicateEnqueues++;
    this.metrics.eventsEnqueued += events.length;
    if (batch.firstDueAt !== Infinity) this.onDelayed(batch.firstDueAt);
  }

  #marksOf(stream: string): EnqueueMarks {
    const home = this.keys.home(stream);
    let marks = this.#marks.get(home);
    if (!marks) this.#marks.set(home, (marks = new EnqueueMarks(this.options.enqueueDedupWindowMs)));
    return marks;
  }

  /** The batch's event ids, script values, streams (one for all in the single layout), types new to the registry, mark. */
  #batch(stream: string, events: readonly Event<object>[]): Batch {
    const perType = this.keys.layout === 'per-type';
    const ids: string[] = new Array(events.length);
    // Three values per event: its `event` field, its `meta` field or '' when it has none, and its
    // due time or '' when it is due now; sent without the trailing ones no event of the batch has.
    const values: string[] = new Array(events.length * 3);
    const now = Date.now();
    let firstDueAt = Infinity;
    let stride: 1 | 2 | 3 = 1;
    const streams: string[] = perType ? new Array(events.length) : [stream];
    let newTypes: Set<string> | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (!(event instanceof Event)) throw notAnEvent();
      ids[i] = event.id;
      const { event: original, meta } = Event.encodeParts(event);
      values[3 * i] = original;
      values[3 * i + 1] = meta ?? '';
      if (meta !== undefined && stride < 2) stride = 2;
      const dueAt = event.deliverAt?.getTime();
      const delayed = dueAt !== undefined && dueAt > now;
      values[3 * i + 2] = delayed ? String(dueAt) : '';
      if (delayed) {
        stride = 3;
        if (dueAt < firstDueAt) firstDueAt = dueAt;
      }
      if (!perType) continue;
      streams[i] = this.keys.eventStream(event.eventType);
      // The per-type registry lets health() and the tools find streams no worker subscribed to yet.
      if (!this.#knownTypes.has(event.eventType)) (newTypes ??= new Set()).add(event.eventType);
    }
    return {
      ids, stride, values: stride === 3 ? values : values.filter((_, i) => i % 3 < stride), streams,
      newTypes: newTypes ? [...newTypes] : [], mark: this.keys.enqueueMark(EnqueueMarks.batchId(ids), stream), firstDueAt,
    };
  }
}

function notAnEvent(): EventValidationError {
  return new EventValidationError('event', 'must be an Event instance (new Event(type, payload))');
}

interface Batch {
  readonly ids: readonly string[];
  /** How many values each event has in `values` (1: `event`; 2: and `meta`; 3: and its due time). */
  readonly stride: 1 | 2 | 3;
  /** The script's values, `stride` per event (see the `enqueue` script). */
  readonly values: readonly string[];
  readonly streams: readonly string[];
  readonly newTypes: readonly string[];
  readonly mark: string;
  /** The earliest due time of its delayed events; Infinity when it has none. */
  readonly firstDueAt: number;
}
