import { InMemoryBackend } from '@necrostack/backend-memory';
import { NecroStackError, silentLogger, type Event } from '@necrostack/core';
import { buildSpine } from '../worker/build-spine';
import { linesOfFile, type BadLine, type SourcedEvent } from './read-events';

/** Bad lines named one by one at most; the rest are counted. */
export const MAX_REPORTED_BAD_LINES = 20;

/** Checks one event; rejects with what is wrong with it. */
export type EventCheck = (event: Event<object>) => Promise<void>;

/**
 * The check `necro publish` applies before sending: with organ modules loaded, the DTO validation
 * of `spine.publish`, against a backend that keeps nothing; without, none (the event was built, so
 * it is well-formed).
 *
 * @example
 * ```ts
 * await loadOrganModules(['dist/organs/*.js'], process.cwd());
 * await payloadCheck(true)(new Event('ORDER_PLACED', { orderId: 42 })); // throws PayloadValidationError
 * ```
 */
export function payloadCheck(validate: boolean): EventCheck {
  if (!validate) return () => Promise.resolve();
  const spine = buildSpine(new DiscardingBackend(), {}, silentLogger);
  return (event) => spine.publish(event);
}

/** What checking a whole file found. */
export interface FileCheck {
  /** Lines that hold an event (blank lines are not counted). */
  readonly eventLines: number;
  /** The first {@link MAX_REPORTED_BAD_LINES} bad lines. */
  readonly badLines: readonly BadLine[];
  readonly badCount: number;
  /** The events, kept only when the input cannot be read twice (stdin). */
  readonly kept: readonly SourcedEvent[];
}

/**
 * Reads the whole file and checks every line, sending nothing.
 *
 * @example
 * ```ts
 * const { badCount } = await checkFile('orders.jsonl', 'ORDER_PLACED', payloadCheck(false));
 * ```
 */
export async function checkFile(path: string, type: string | undefined, check: EventCheck): Promise<FileCheck> {
  const keep = path === '-';
  const badLines: BadLine[] = [];
  const kept: SourcedEvent[] = [];
  let eventLines = 0;
  let badCount = 0;
  for await (const entry of linesOfFile(path, type)) {
    eventLines++;
    const bad = 'error' in entry ? entry : await checked(entry, check);
    if (bad) {
      badCount++;
      if (badLines.length < MAX_REPORTED_BAD_LINES) badLines.push(bad);
    } else if (keep) kept.push(entry as SourcedEvent);
  }
  return { eventLines, badLines, badCount, kept };
}

async function checked(sourced: SourcedEvent, check: EventCheck): Promise<BadLine | undefined> {
  try {
    await check(sourced.event);
    return undefined;
  } catch (error) {
    if (!(error instanceof NecroStackError)) throw error;
    return { line: sourced.line, error: error.message };
  }
}

/** Accepts every event and keeps none: the Spine a check builds validates, then sends them here. */
class DiscardingBackend extends InMemoryBackend {
  override enqueue(): Promise<void> {
    return Promise.resolve();
  }
}
