import { Event } from '../event/event';

/** How many applied event ids (with the events their step returned) an instance remembers. */
export const APPLIED_KEPT = 32;

/** What a saga store holds for one instance (as JSON). */
export interface SagaDocument {
  readonly state: object;
  /** The last events applied: `[event id, encoded events the step returned]`, oldest first. */
  readonly applied: readonly (readonly [string, readonly string[]])[];
  /** Its pending timeouts: name → the id of the delayed event that will fire it. */
  readonly timeouts?: Readonly<Record<string, string>>;
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

/** What a step leaves for the next document. */
export interface StepOutcome {
  readonly state: object;
  readonly eventId: string;
  /** Every event the step publishes: what it returned, and the timeouts it scheduled. */
  readonly events: readonly Event<object>[];
  readonly timeouts: Readonly<Record<string, string>>;
  readonly completed: boolean;
}

/** The document after a step. */
export function nextDocument(previous: SagaDocument | undefined, step: StepOutcome): SagaDocument {
  const applied = [...(previous?.applied ?? []), [step.eventId, step.events.map((e) => Event.encode(e))] as const].slice(-APPLIED_KEPT);
  const timeouts = Object.keys(step.timeouts).length > 0 ? { timeouts: step.timeouts } : {};
  return { state: step.state, applied, ...timeouts, ...(step.completed ? { completed_at: new Date().toISOString() } : {}) };
}
