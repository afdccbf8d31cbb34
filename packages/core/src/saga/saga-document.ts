import { Event } from '../event/event';

/** How many applied event ids (with the events their step returned) an instance remembers. */
export const APPLIED_KEPT = 32;

/** What a saga store holds for one instance (as JSON). */
export interface SagaDocument {
  readonly state: object;
  /** The last events applied: `[event id, encoded events the step returned]`, oldest first. */
  readonly applied: readonly (readonly [string, readonly string[]])[];
  /** When the instance completed (ISO 8601), if it did. */
  readonly completed_at?: string;
}

/** Reads a stored document; a document that is not one throws, naming the saga and key. */
export function parseDocument(data: string, saga: string, key: string): SagaDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(data);
  } catch (error) {
    throw new Error(`Saga ${saga} (key ${JSON.stringify(key)}): the stored instance is not JSON`, { cause: error });
  }
  if (!isDocument(doc)) throw new Error(`Saga ${saga} (key ${JSON.stringify(key)}): the stored instance is not a saga document`);
  return doc;
}

function isDocument(value: unknown): value is SagaDocument {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Partial<SagaDocument>;
  return typeof doc.state === 'object' && doc.state !== null && Array.isArray(doc.applied);
}

/** The events a step returned when it applied `eventId`, if the instance remembers it did. */
export function appliedResult(doc: SagaDocument | undefined, eventId: string): Event[] | undefined {
  const entry = doc?.applied.find(([id]) => id === eventId);
  return entry?.[1].map((text) => Event.fromJSON(text));
}

/** The document after a step applied `eventId`, returning `events`. */
export function nextDocument(previous: SagaDocument | undefined, state: object, eventId: string, events: readonly Event<object>[], completed: boolean): SagaDocument {
  const applied = [...(previous?.applied ?? []), [eventId, events.map((e) => Event.encode(e))] as const].slice(-APPLIED_KEPT);
  return completed ? { state, applied, completed_at: new Date().toISOString() } : { state, applied };
}
