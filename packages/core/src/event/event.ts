import { EventValidationError } from '../errors';
import { freezeParsedPayload, freezePayload, type JsonObject } from './json-payload';
import { checkDeliverAt, checkDepth, checkEventType, checkId, checkOptionalRef, checkTimestamp } from './event-fields';
import { checkHeaders, type EventHeaders } from './event-headers';
import { decodeEvent, encodeEvent, encodeMeta, encodeOriginal, parseIfText, type EncodedEvent, type WireEvent } from './wire';

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
  /**
   * String metadata that travels with the event: W3C trace context (`traceparent`, `tracestate`),
   * tenant or user ids… Copied and frozen; names of at most 256 characters, 16,384 bytes of JSON in all.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A delayed event: delivered no earlier than this time (a Date, an ISO 8601 string or epoch ms),
   * durably on a durable backend. A time in the past means at once. Not with `delayMs`.
   * See docs/scheduling.md.
   */
  readonly deliverAt?: Date | string | number;
  /**
   * A delayed event: delivered no earlier than this many milliseconds after the event is built
   * (`deliverAt` becomes `Date.now() + delayMs`, rounded up). Not with `deliverAt`.
   */
  readonly delayMs?: number;
}

// Kept on the event under symbols: not part of its public shape, and no extra object per event.
const TIMESTAMP_MS = Symbol('necrostack:timestamp-ms');
// The JSON-safe payload as built: what is encoded, even when a handler sees a DTO instance.
const RAW_PAYLOAD = Symbol('necrostack:raw-payload');
const DELIVER_AT_MS = Symbol('necrostack:deliver-at-ms');

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
 * const reminder = new Event('PAYMENT_REMINDER', { orderId: 'A-1' }, { delayMs: 3_600_000 }); // in an hour
 * ```
 */
export class Event<TPayload extends object = JsonObject> {
  // Declared, not defined: every event gets them from initialize() (or clone()), in one order.
  declare readonly id: string;
  declare readonly eventType: string;
  declare readonly payload: Readonly<TPayload>;
  declare readonly correlationId: string | undefined;
  declare readonly causationId: string | undefined;
  declare readonly causationDepth: number;
  /** The event's headers (trace context, user metadata); an empty frozen object when it has none. */
  declare readonly headers: EventHeaders;
  /** @internal */
  declare readonly [TIMESTAMP_MS]: number;
  /** @internal */
  declare readonly [DELIVER_AT_MS]: number | undefined;
  /** @internal */
  declare readonly [RAW_PAYLOAD]: JsonObject;

  constructor(eventType: string, payload?: TPayload, init: EventInit = {}) {
    // Only a JavaScript caller can pass null here; reading its fields would throw a TypeError.
    if (typeof init !== 'object' || init === null) {
      throw new EventValidationError('init', `must be an object, got ${init === null ? 'null' : typeof init}`);
    }
    initialize(this, eventType, payload === undefined ? {} : payload, init, freezePayload);
  }

  /** When the event happened (a fresh `Date` on each read, so the event stays immutable). */
  get timestamp(): Date {
    return new Date(this[TIMESTAMP_MS]);
  }

  /**
   * When a delayed event is to be delivered (not before; a fresh `Date` on each read), or undefined
   * for an event delivered at once. Set with the `deliverAt` or `delayMs` init.
   *
   * @example
   * ```ts
   * const reminder = new Event('PAYMENT_REMINDER', {}, { deliverAt: new Date('2030-01-01T09:00:00Z') });
   * reminder.deliverAt?.toISOString(); // '2030-01-01T09:00:00.000Z'
   * ```
   */
  get deliverAt(): Date | undefined {
    const ms = this[DELIVER_AT_MS];
    return ms === undefined ? undefined : new Date(ms);
  }

  /**
   * The event as one JSON object: the original Python NecroStack's snake_case keys and ISO timestamp,
   * followed by the lineage keys and `headers` when the event has them. (A store shared with the
   * original keeps those apart: see {@link Event.encodeParts}.)
   */
  toJSON(): WireEvent {
    return JSON.parse(Event.encode(this)) as WireEvent;
  }

  /**
   * Reads an event from its wire form (an object or JSON text). Unknown keys are ignored.
   * @throws EventValidationError naming the missing or invalid field.
   */
  static fromJSON(wire: unknown): Event {
    return decodeEvent(wire, (type, payload, init) => new Event(type, payload, init));
  }

  /**
   * @internal Like {@link Event.fromJSON}, for an object `JSON.parse` has just returned and the
   * caller hands over (a backend decoding what it read): its payload is frozen in place, not copied.
   */
  static fromParsedJSON(wire: unknown, meta?: unknown): Event {
    // decodeEvent would parse a string again, accepting double-encoded JSON: it is not an object.
    if (typeof wire === 'string') throw new EventValidationError('event', 'must be a JSON object, not a JSON string');
    return decodeEvent(wire, fromParsed, meta);
  }

  /**
   * Reads an event stored in two parts (see {@link Event.encodeParts}): the original's four keys,
   * and the metadata JSON, if any. Both may be objects or JSON text.
   * @throws EventValidationError naming the missing or invalid field.
   */
  static fromParts(event: unknown, meta?: unknown): Event {
    return decodeEvent(event, (type, payload, init) => new Event(type, payload, init), parseIfText(meta, 'meta'));
  }

  /**
   * The JSON text of {@link Event.toJSON}: the whole event in one object, which {@link Event.fromJSON}
   * reads back. For a store the original Python NecroStack also reads, use {@link Event.encodeParts}.
   *
   * @example
   * ```ts
   * await fetch(url, { method: 'POST', body: Event.encode(event) });
   * ```
   */
  static encode(event: Event<object>): string {
    return encodeEvent(event, event[TIMESTAMP_MS], JSON.stringify(event[RAW_PAYLOAD]));
  }

  /**
   * The event in two JSON texts, for a store shared with the original Python NecroStack, which
   * rejects any key but `id`, `timestamp`, `event_type` and `payload`: `event` holds exactly those,
   * `meta` the lineage, headers and delivery time (undefined when there are none). {@link Event.fromParts} reads them back.
   *
   * @example
   * ```ts
   * const { event: json, meta } = Event.encodeParts(event);
   * await client.xAdd(streamKey, '*', meta === undefined ? { event: json } : { event: json, meta });
   * ```
   */
  static encodeParts(event: Event<object>): EncodedEvent {
    return { event: encodeOriginal(event, event[TIMESTAMP_MS], JSON.stringify(event[RAW_PAYLOAD])), meta: encodeMeta(event) };
  }

  /**
   * The same event (same id, time, payload and lineage) with `headers` added to its own; a header
   * given here replaces one of the same name. Headers are metadata, not identity: the id stays.
   * @throws EventValidationError when a header is invalid.
   *
   * @example
   * ```ts
   * const traced = event.withHeaders({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
   * ```
   */
  withHeaders(headers: Readonly<Record<string, string>>): Event<TPayload> {
    const merged = checkHeaders({ ...this.headers, ...checkHeaders(headers) });
    return clone(this, this.payload, this.correlationId, this.causationId, this.causationDepth, merged);
  }

  /** @internal The same event (same id, time and lineage) with a payload validated elsewhere (a DTO instance). */
  static withPayload<T extends object>(source: Event<object>, payload: T): Event<T> {
    return clone(source, payload, source.correlationId, source.causationId, source.causationDepth, source.headers);
  }

  /** @internal The same event with the lineage the Spine gives an emitted event. */
  static withLineage<T extends object>(source: Event<T>, correlationId: string, causationId: string, causationDepth: number): Event<T> {
    return clone(source, source.payload, correlationId, causationId, causationDepth, source.headers);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An event of a payload `JSON.parse` returned: frozen in place (a function of its own, not a closure per event). */
function fromParsed(eventType: string, payload: JsonObject, init: EventInit): Event {
  const event = Object.create(Event.prototype) as Event;
  initialize(event, eventType, payload, init, freezeParsedPayload);
  return event;
}

/** Checks every field, freezes the payload with `freeze` (a copy or in place), and freezes the event. */
function initialize(
  target: Event<object>, eventType: string, payload: unknown, init: EventInit, freeze: (payload: unknown) => JsonObject,
): void {
  // Checked in this order (the first broken rule is the one reported), assigned in clone()'s order.
  const type = checkEventType(eventType);
  const frozen = freeze(payload);
  const id = checkId(init.id);
  const correlationId = checkOptionalRef(init.correlationId, 'correlationId');
  const causationId = checkOptionalRef(init.causationId, 'causationId');
  const causationDepth = checkDepth(init.causationDepth);
  const timestampMs = checkTimestamp(init.timestamp);
  const headers = checkHeaders(init.headers);
  const deliverAtMs = checkDeliverAt(init.deliverAt, init.delayMs);
  const event = target as Mutable<Event<object>>;
  event.id = id;
  event.eventType = type;
  event.payload = frozen;
  event.correlationId = correlationId;
  event.causationId = causationId;
  event.causationDepth = causationDepth;
  event.headers = headers;
  event[TIMESTAMP_MS] = timestampMs;
  event[RAW_PAYLOAD] = frozen;
  event[DELIVER_AT_MS] = deliverAtMs;
  Object.freeze(event);
}

// Skips validation: the source was validated when it was built, and callers own the payload.
function clone<T extends object>(
  source: Event<object>, payload: T, correlationId: string | undefined, causationId: string | undefined, causationDepth: number,
  headers: EventHeaders,
): Event<T> {
  const copy = Object.create(Event.prototype) as Mutable<Event<T>>;
  copy.id = source.id;
  copy.eventType = source.eventType;
  copy.payload = payload as Readonly<T>;
  copy.correlationId = correlationId;
  copy.causationId = causationId;
  copy.causationDepth = causationDepth;
  copy.headers = headers;
  copy[TIMESTAMP_MS] = source[TIMESTAMP_MS];
  copy[RAW_PAYLOAD] = source[RAW_PAYLOAD];
  copy[DELIVER_AT_MS] = source[DELIVER_AT_MS];
  return Object.freeze(copy) as Event<T>;
}
