import { Event, EventValidationError } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { MetricsCounter } from '../metrics';
import type { RedisKeys } from '../redis-keys';
import { ENQUEUE_SCRIPT } from '../scripts/enqueue.script';
import { describeCause, toEnqueueError } from '../translate-error';
import { EnqueueMarks } from './enqueue-marks';

/** What the producer writes with: the stream trim and the window of the enqueue marks. */
export interface ProducerOptions {
  readonly maxLen: number | undefined;
  readonly enqueueDedupWindowMs: number;
}

/**
 * Implements `enqueue`: one `enqueue` script call per batch, in one round trip, writing the events
 * in order. A retry of a call whose reply never came writes nothing (see {@link EnqueueMarks}).
 */
export class Producer {
  readonly #knownTypes = new Set<string>();
  readonly #marks: EnqueueMarks;
  #scriptLoaded = false;

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
    const { token, toDelete } = this.#marks.prepare(batch.mark);
    const keys = [batch.mark, this.keys.types, ...toDelete, ...batch.streams];
    const args = [String(this.options.enqueueDedupWindowMs), this.options.maxLen === undefined ? '' : String(this.options.maxLen),
      String(toDelete.length), String(batch.newTypes.length), token, ...batch.newTypes, ...batch.json];
    let written: number;
    try {
      written = await this.#run(keys, args);
    } catch (error) {
      this.#marks.restore(toDelete);
      const failure = toEnqueueError(batch.ids, error);
      if (failure.outcome === 'unknown') this.#marks.unknown(batch.mark, token);
      throw failure;
    }
    this.#marks.answered(batch.mark);
    for (const type of batch.newTypes) this.#knownTypes.add(type);
    // 0: an earlier try of this call, whose reply was lost, stored them.
    if (written === 0) this.metrics.duplicateEnqueues++;
    this.metrics.eventsEnqueued += events.length;
  }

  /**
   * One call of the script: EVALSHA once Redis has it (a single call per round trip, so the
   * pipeline's EVAL-first rule would send the whole source every time); EVAL when Redis lost it.
   */
  async #run(keys: readonly string[], args: readonly string[]): Promise<number> {
    const tail = [String(keys.length), ...keys, ...args];
    if (this.#scriptLoaded) {
      try {
        const [reply] = await this.connection.pipeline([['EVALSHA', ENQUEUE_SCRIPT.sha1, ...tail]]);
        return Number(reply);
      } catch (error) {
        // NOSCRIPT: Redis restarted or flushed its scripts, and ran nothing.
        if (!describeCause(error).startsWith('NOSCRIPT')) throw error;
      }
    }
    const [reply] = await this.connection.pipeline([['EVAL', ENQUEUE_SCRIPT.source, ...tail]]);
    this.#scriptLoaded = true;
    return Number(reply);
  }

  /** The batch's event ids, JSON, streams (one for all in the single layout), types new to the registry, mark. */
  #batch(events: readonly Event<object>[]): Batch {
    const perType = this.keys.layout === 'per-type';
    const ids: string[] = new Array(events.length);
    // Two values per event: its `event` field, and its `meta` field or '' when it has none.
    const json: string[] = new Array(events.length * 2);
    const streams: string[] = perType ? new Array(events.length) : [this.keys.streamKey];
    let newTypes: Set<string> | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (!(event instanceof Event)) throw new EventValidationError('event', 'must be an Event instance (new Event(type, payload))');
      ids[i] = event.id;
      const { event: original, meta } = Event.encodeParts(event);
      json[2 * i] = original;
      json[2 * i + 1] = meta ?? '';
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
