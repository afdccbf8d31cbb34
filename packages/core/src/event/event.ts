import { freezePayload, type JsonObject } from './json-payload';
import { checkDepth, checkEventType, checkId, checkOptionalRef, checkTimestamp } from './event-fields';
import { decodeEvent, encodeEvent, type WireEvent } from './wire';

/** Optional identity and lineage of an {@link Event}. */
export interface EventInit {
  /** A UUID; generated (v4) when absent. Stored lowercased. */
  readonly id?: string;
  /** When the event happened; `Date.now()` when absent. A string without an offset is read as UTC. */
  readonly timestamp?: Date | string | number;
  /** The id shared by every event of one chain (the first event's id). */
  readonly correlationId?: string;
  /** The id of the event whose handler emitted this one. */
  readonly causationId?: string;
  /** How many handlers lie between this event and the chain's first event (0 for the first). */
  readonly causationDepth?: number;
}

const internal = Symbol('necrostack:event-internal');

interface EventState {
  readonly timestampMs: number;
  readonly payloadJson: string;
}

/**
 * An immutable, validated message: a UUID `id`, a UTC `timestamp`, an `eventType` and a JSON
 * `payload` (a plain object of at most 1,000,000 bytes of UTF-8 JSON, copied and deeply frozen).
 *
 * Invalid input throws {@link EventValidationError} naming the field and the rule.
 *
 * @example
 * ```ts
 * const placed = new Event('ORDER_PLACED', { orderId: 'A-1', amount: 99.5 });
 * placed.id;          // 'b0c6…' (UUID v4)
 * placed.toJSON();    // { id, timestamp, event_type: 'ORDER_PLACED', payload: {…} }
 * Event.fromJSON(JSON.stringify(placed)).id === placed.id; // true
 * ```
 */
export class Event<TPayload extends object = JsonObject> {
  readonly id: string;
  readonly eventType: string;
  readonly payload: Readonly<TPayload>;
  readonly correlationId: string | undefined;
  readonly causationId: string | undefined;
  readonly causationDepth: number;
  /** @internal */
  readonly [internal]: EventState;

  constructor(eventType: string, payload?: TPayload | JsonObject, init: EventInit = {}) {
    this.eventType = checkEventType(eventType);
    const frozen = freezePayload(payload === undefined ? {} : payload);
    this.payload = frozen.value as unknown as Readonly<TPayload>;
    this.id = checkId(init.id);
    this.correlationId = checkOptionalRef(init.correlationId, 'correlationId');
    this.causationId = checkOptionalRef(init.causationId, 'causationId');
    this.causationDepth = checkDepth(init.causationDepth);
    this[internal] = { timestampMs: checkTimestamp(init.timestamp), payloadJson: frozen.json };
    Object.freeze(this);
  }

  /** When the event happened (a fresh `Date` on each read, so the event stays immutable). */
  get timestamp(): Date {
    return new Date(this[internal].timestampMs);
  }

  /** The wire form shared with the original Python NecroStack (snake_case keys, ISO timestamp). */
  toJSON(): WireEvent {
    return JSON.parse(encodeEvent(this, this[internal].timestampMs, this[internal].payloadJson)) as WireEvent;
  }

  /**
   * Reads an event from its wire form (an object or JSON text). Unknown keys are ignored.
   * @throws EventValidationError naming the missing or invalid field.
   */
  static fromJSON(wire: unknown): Event {
    return decodeEvent(wire, (type, payload, init) => new Event(type, payload, init));
  }

  /** @internal The JSON text of this event in the wire format, reusing the payload's JSON. */
  static encode(event: Event<object>): string {
    return encodeEvent(event, event[internal].timestampMs, event[internal].payloadJson);
  }

  /**
   * @internal The same event (same id, time and lineage) with different identity fields or a
   * payload already validated elsewhere (a DTO instance). Skips validation: callers own it.
   */
  static derive<T extends object>(source: Event<object>, changes: { payload?: T; lineage?: EventInit }): Event<T> {
    const copy = Object.create(Event.prototype) as { -readonly [K in keyof Event<T>]: Event<T>[K] };
    copy.id = source.id;
    copy.eventType = source.eventType;
    copy.payload = (changes.payload ?? source.payload) as Readonly<T>;
    copy.correlationId = changes.lineage?.correlationId ?? source.correlationId;
    copy.causationId = changes.lineage?.causationId ?? source.causationId;
    copy.causationDepth = changes.lineage?.causationDepth ?? source.causationDepth;
    copy[internal] = source[internal];
    return Object.freeze(copy) as unknown as Event<T>;
  }
}
