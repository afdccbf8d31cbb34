import { EventValidationError } from '../errors';
import { isPlainObject, type JsonObject } from './json-payload';
import type { EventInit } from './event';
import { hasHeaders, type EventHeaders } from './event-headers';

/** An event as it travels: JSON with the original Python NecroStack's snake_case keys. */
export interface WireEvent {
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly timestamp: string;
  readonly event_type: string;
  readonly payload: JsonObject;
  readonly correlation_id?: string;
  readonly causation_id?: string;
  readonly causation_depth?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** ISO 8601, UTC: the event is not delivered before it. */
  readonly deliver_at?: string;
}

/**
 * NecroStack's own metadata of an event, kept beside the original's four keys: in a Redis entry it
 * is the `meta` field, which the original Python NecroStack does not read.
 */
export interface WireMeta {
  readonly correlation_id?: string;
  readonly causation_id?: string;
  readonly causation_depth?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** ISO 8601, UTC: the event is not delivered before it (a delayed event). */
  readonly deliver_at?: string;
}

/** An event encoded for a store shared with the original: its four keys, and the rest apart. */
export interface EncodedEvent {
  /** `{"id","timestamp","event_type","payload"}` and nothing else: what the original accepts. */
  readonly event: string;
  /** The {@link WireMeta} JSON; undefined when the event has no lineage, no headers and no delivery time. */
  readonly meta: string | undefined;
}

interface EncodableEvent {
  readonly id: string;
  readonly eventType: string;
  readonly correlationId: string | undefined;
  readonly causationId: string | undefined;
  readonly causationDepth: number;
  readonly headers: EventHeaders;
  readonly deliverAt: Date | undefined;
}

/** The original's four keys, around the payload's JSON text. */
export function encodeOriginal(event: EncodableEvent, timestampMs: number, payloadJson: string): string {
  return `{"id":"${event.id}","timestamp":"${isoTimestamp(timestampMs)}","event_type":${JSON.stringify(event.eventType)},"payload":${payloadJson}}`;
}

/** The metadata keys, each only when set, as JSON members (`,"key":value…`), or '' when none is. */
function metaMembers(event: EncodableEvent): string {
  let json = '';
  if (event.correlationId !== undefined) json += `,"correlation_id":${JSON.stringify(event.correlationId)}`;
  if (event.causationId !== undefined) json += `,"causation_id":${JSON.stringify(event.causationId)}`;
  if (event.causationDepth !== 0) json += `,"causation_depth":${event.causationDepth}`;
  if (hasHeaders(event.headers)) json += `,"headers":${JSON.stringify(event.headers)}`;
  const deliverAt = event.deliverAt;
  if (deliverAt !== undefined) json += `,"deliver_at":"${deliverAt.toISOString()}"`;
  return json;
}

/** The whole event in one JSON object: the four keys, then the metadata keys (`toJSON()`'s form). */
export function encodeEvent(event: EncodableEvent, timestampMs: number, payloadJson: string): string {
  const original = encodeOriginal(event, timestampMs, payloadJson);
  const members = metaMembers(event);
  return members === '' ? original : `${original.slice(0, -1)}${members}}`;
}

/** The event's {@link WireMeta} JSON, or undefined when it has none. */
export function encodeMeta(event: EncodableEvent): string | undefined {
  const members = metaMembers(event);
  return members === '' ? undefined : `{${members.slice(1)}}`;
}

// Formatting a date costs more than the rest of an encode, and events created or emitted together
// mostly share their millisecond: remember the last one.
let lastMs = Number.NaN;
let lastIso = '';

/** `new Date(ms).toISOString()`, computed once per distinct millisecond in a row. */
function isoTimestamp(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

type EventFactory<E> = (eventType: string, payload: JsonObject, init: EventInit) => E;

/**
 * Reads the wire form (object or JSON text); every rule violation names its field. Metadata keys
 * are read from `meta` when given (a parsed {@link WireMeta}), else from the event object itself
 * (`toJSON()`'s form, and Redis entries written before the `meta` field existed).
 */
export function decodeEvent<E>(wire: unknown, create: EventFactory<E>, meta?: unknown): E {
  const data = parseIfText(wire, 'event');
  if (!isPlainObject(data)) {
    throw new EventValidationError('event', 'must be a JSON object with id, timestamp, event_type and payload');
  }
  if (meta !== undefined && !isPlainObject(meta)) throw new EventValidationError('meta', 'must be a JSON object');
  requireField(data, 'id');
  requireField(data, 'timestamp');
  requireField(data, 'event_type');
  const payload = data.payload === undefined ? {} : data.payload;
  const lineage = (meta ?? data) as Record<string, unknown>;
  return create(data.event_type as string, payload as JsonObject, {
    id: data.id as string,
    timestamp: data.timestamp as string,
    correlationId: (lineage.correlation_id ?? data.correlation_id) as string | undefined,
    causationId: (lineage.causation_id ?? data.causation_id) as string | undefined,
    causationDepth: (lineage.causation_depth ?? data.causation_depth) as number | undefined,
    headers: (lineage.headers ?? data.headers) as Record<string, string> | undefined,
    deliverAt: (lineage.deliver_at ?? data.deliver_at) as string | undefined,
  });
}

/** `value` parsed, when it is JSON text; as it is otherwise. */
export function parseIfText(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new EventValidationError(field, 'is not valid JSON', { cause });
  }
}

function requireField(data: Record<string, unknown>, field: string): void {
  if (typeof data[field] !== 'string') {
    throw new EventValidationError(field, data[field] === undefined ? 'is missing' : 'must be a string');
  }
}
