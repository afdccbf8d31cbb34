import { Event, EventValidationError } from '@necrostack/core';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import { eventFields } from '../codec/entry-codec';
import type { MetricsCounter } from '../metrics';
import type { RedisKeys } from '../redis-keys';
import { toEnqueueError } from '../translate-error';

/** Implements `enqueue`: one pipelined XADD per event, in order, in one round trip. */
export class Producer {
  readonly #knownTypes = new Set<string>();

  constructor(
    private readonly keys: RedisKeys,
    private readonly connection: RedisConnection,
    private readonly maxLen: number | undefined,
    private readonly metrics: MetricsCounter,
  ) {}

  async enqueue(events: readonly Event<object>[]): Promise<void> {
    if (events.length === 0) return;
    const commands: RedisCommand[] = new Array(events.length);
    const perType = this.keys.layout === 'per-type';
    let newTypes: Set<string> | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (!(event instanceof Event)) throw new EventValidationError('event', 'must be an Event instance (new Event(type, payload))');
      if (perType && !this.#knownTypes.has(event.eventType)) (newTypes ??= new Set()).add(event.eventType);
      const stream = perType ? this.keys.eventStream(event.eventType) : this.keys.streamKey;
      commands[i] = this.maxLen === undefined
        ? ['XADD', stream, '*', ...eventFields(Event.encodeParts(event))]
        : ['XADD', stream, 'MAXLEN', '~', String(this.maxLen), '*', ...eventFields(Event.encodeParts(event))];
    }
    // The per-type registry lets health() and the tools find streams no worker subscribed to yet.
    if (newTypes) commands.unshift(['SADD', this.keys.types, ...newTypes]);
    try {
      await this.connection.pipeline(commands);
    } catch (error) {
      throw toEnqueueError(events.map((e) => e.id), error);
    }
    for (const type of newTypes ?? []) this.#knownTypes.add(type);
    this.metrics.eventsEnqueued += events.length;
  }
}
