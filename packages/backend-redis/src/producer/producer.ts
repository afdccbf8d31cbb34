import { Event, EventValidationError } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { MetricsCounter } from '../metrics';
import type { RedisKeys } from '../redis-keys';
import { ENQUEUE_SCRIPT } from '../scripts/enqueue.script';
import { ScriptCalls } from '../scripts/lua-script';
import { toEnqueueError } from '../translate-error';
import { EnqueueMarks } from './enqueue-marks';

/** What the producer writes with: the stream trim and the window of the enqueue marks. */
export interface ProducerOptions {
  readonly maxLen: number | undefined;
  readonly enqueueDedupWindowMs: number;
}

/**
 * Implements `enqueue`: one `enqueue` script call per batch, in one round trip, writing the events
 * in order. A retry of a batch whose reply never came writes nothing (see {@link EnqueueMarks}).
 */
export class Producer {
  readonly #knownTypes = new Set<string>();
  readonly #marks: EnqueueMarks;

  constructor(
    private readonly keys: RedisKeys,
    private readonly connection: RedisConnection,
    private readonly options: ProducerOptions,
    private readonly metrics: MetricsCounter,
  ) {
    this.#marks = new EnqueueMarks(options.enqueueDedupWindowMs);
  }

  async enqueue(events: readonly Event<object>[]): Promise<void> {
    if (events.length === 0) return;
    const batch = this.#batch(events);
    const answered = this.#marks.takeAnswered();
    const command = new ScriptCalls().call(ENQUEUE_SCRIPT, [batch.mark, this.keys.types, ...answered, ...batch.streams], [
      String(this.options.enqueueDedupWindowMs), this.options.maxLen === undefined ? '' : String(this.options.maxLen),
      String(answered.length), String(batch.newTypes.length), ...batch.newTypes, ...batch.json,
    ]);
    let written: number;
    try {
      [written] = (await this.connection.pipeline([command])) as [number];
    } catch (error) {
      this.#marks.restore(answered);
      const failure = toEnqueueError(batch.ids, error);
      if (failure.outcome === 'unknown') this.#marks.unknown(batch.mark);
      throw failure;
    }
    this.#marks.answered(batch.mark);
    for (const type of batch.newTypes) this.#knownTypes.add(type);
    // 0: an earlier try, whose reply was lost, stored them.
    if (Number(written) === 0) this.metrics.duplicateEnqueues++;
    this.metrics.eventsEnqueued += events.length;
  }

  /** The batch's event ids, JSON, streams (one for all in the single layout), types new to the registry, mark. */
  #batch(events: readonly Event<object>[]): Batch {
    const perType = this.keys.layout === 'per-type';
    const ids: string[] = new Array(events.length);
    const json: string[] = new Array(events.length);
    const streams: string[] = perType ? new Array(events.length) : [this.keys.streamKey];
    let newTypes: Set<string> | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (!(event instanceof Event)) throw new EventValidationError('event', 'must be an Event instance (new Event(type, payload))');
      ids[i] = event.id;
      json[i] = Event.encode(event);
      if (!perType) continue;
      streams[i] = this.keys.eventStream(event.eventType);
      // The per-type registry lets health() and the tools find streams no worker subscribed to yet.
      if (!this.#knownTypes.has(event.eventType)) (newTypes ??= new Set()).add(event.eventType);
    }
    return { ids, json, streams, newTypes: newTypes ? [...newTypes] : [], mark: this.keys.enqueueMark(EnqueueMarks.batchId(ids)) };
  }
}

interface Batch {
  readonly ids: readonly string[];
  readonly json: readonly string[];
  readonly streams: readonly string[];
  readonly newTypes: readonly string[];
  readonly mark: string;
}
