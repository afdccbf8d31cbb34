import { EventValidationError } from '../errors';
import { isPlainObject, type JsonObject } from './json-payload';
import type { EventInit } from './event';

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
}

interface EncodableEvent {
  readonly id: string;
  readonly eventType: string;
  readonly correlationId: string | undefined;
  readonly causationId: string | undefined;
  readonly causationDepth: number;
}

/** Builds the wire JSON text around the payload's JSON text. */
export function encodeEvent(event: EncodableEvent, timestampMs: number, payloadJson: string): string {
  let json = `{"id":"${event.id}","timestamp":"${isoTimestamp(timestampMs)}","event_type":${JSON.stringify(event.eventType)},"payload":${payloadJson}`;
  if (event.correlationId !== undefined) json += `,"correlation_id":${JSON.stringify(event.correlationId)}`;
  if (event.causationId !== undefined) json += `,"causation_id":${JSON.stringify(event.causationId)}`;
  if (event.causationDepth !== 0) json += `,"causation_depth":${event.causationDepth}`;
  return `${json}}`;
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

/** Reads the wire form (object or JSON text); every rule violation names its field. */
export function decodeEvent<E>(wire: unknown, create: EventFactory<E>): E {
  let data = wire;
  if (typeof wire === 'string') {
    try {
      data = JSON.parse(wire);
    } catch (cause) {
      throw new EventValidationError('event', 'is not valid JSON', { cause });
    }
  }
  if (!isPlainObject(data)) {
    throw new EventValidationError('event', 'must be a JSON object with id, timestamp, event_type and payload');
  }
  requireField(data, 'id');
  requireField(data, 'timestamp');
  requireField(data, 'event_type');
  const payload = data.payload === undefined ? {} : data.payload;
  return create(data.event_type as string, payload as JsonObject, {
    id: data.id as string,
    timestamp: data.timestamp as string,
    correlationId: data.correlation_id as string | undefined,
    causationId: data.causation_id as string | undefined,
    causationDepth: data.causation_depth as number | undefined,
  });
}

function requireField(data: Record<string, unknown>, field: string): void {
  if (typeof data[field] !== 'string') {
    throw new EventValidationError(field, data[field] === undefined ? 'is missing' : 'must be a string');
  }
}
