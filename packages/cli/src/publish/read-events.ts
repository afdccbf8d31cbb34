import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Event, NecroStackError } from '@necrostack/core';
import { CliError } from '../output/cli-error';

/** An event read from the command line or a file, with where it came from. */
export interface SourcedEvent {
  readonly event: Event<object>;
  /** 1-based line number in the file; 0 for the command line. */
  readonly line: number;
}

/** A line of a file that does not give an event, and why. */
export interface BadLine {
  readonly line: number;
  readonly error: string;
}

/**
 * Builds one event from a JSON payload given on the command line.
 * @throws CliError on bad JSON or an invalid event.
 */
export function eventFromArgument(type: string, json: string | undefined): Event<object> {
  return toEvent(type, json === undefined ? {} : parse(json, ' in the payload'), ' in the payload');
}

/**
 * Reads a JSON Lines file, one event per line, yielding each line's event or what is wrong with it.
 * With `type`, each line is a payload; without, each line is
 * `{"event_type", "payload", "id"?, "timestamp"?, "correlation_id"?}`. Blank lines are skipped.
 * `-` reads stdin.
 * @throws CliError when the file cannot be read.
 */
export async function* linesOfFile(path: string, type: string | undefined): AsyncGenerator<SourcedEvent | BadLine> {
  const input = path === '-' ? process.stdin : createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('error', (error: Error) => reject(new CliError(`Cannot read ${path}`, { cause: error })));
    input.once('readable', () => resolve());
    input.once('end', () => resolve());
  });
  await opened;
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { event: eventFromLine(text, type), line };
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      yield { line, error: error.message };
    }
  }
}

function eventFromLine(text: string, type: string | undefined): Event<object> {
  const value = parse(text, '');
  if (type !== undefined) return toEvent(type, value, '');
  const record = (isObject(value) ? value : {}) as Record<string, unknown>;
  if (typeof record.event_type !== 'string') {
    throw new CliError('No "event_type": give TYPE on the command line, or an {"event_type","payload"} object per line');
  }
  return toEvent(record.event_type, record.payload ?? {}, '', record);
}

function parse(json: string, where: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new CliError(`Invalid JSON${where}: ${(error as Error).message}`);
  }
}

function toEvent(type: string, payload: unknown, where: string, record: Record<string, unknown> = {}): Event<object> {
  if (!isObject(payload)) throw new CliError(`Invalid payload${where}: expected a JSON object`);
  try {
    return new Event(type, payload as object, {
      id: record.id as string | undefined,
      timestamp: record.timestamp as string | undefined,
      correlationId: record.correlation_id as string | undefined,
    });
  } catch (error) {
    if (error instanceof NecroStackError) throw new CliError(`Invalid event${where}: ${error.message}`);
    throw error;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
