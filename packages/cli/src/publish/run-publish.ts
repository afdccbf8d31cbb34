import type { Backend, Event } from '@necrostack/core';
import type { PublishFlags } from '../commands/publish';
import { backendKind, destinationOf, withDurableBackend } from '../config/backend';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { loadOrganModules } from '../organs/load-organ-modules';
import { checkFile, payloadCheck, type FileCheck } from './check-events';
import { eventFromArgument, linesOfFile, type SourcedEvent } from './read-events';

/** Events enqueued per round trip when publishing a file. */
export const PUBLISH_BATCH_SIZE = 500;

/**
 * What `necro publish` does: builds the events (from the arguments or the file) and checks every
 * one — against the organs' DTOs when organ modules are given — before it sends any; a file with a
 * bad line is not published at all, and each bad line is named. With `--dry-run` it stops after the
 * check. Prints a summary line.
 * @throws CliError on bad input, an invalid payload or an unreachable backend.
 */
export async function runPublish(type: string | undefined, payload: string | undefined, flags: PublishFlags): Promise<void> {
  if (backendKind(flags.backend) === 'memory' && !flags.dryRun) {
    throw new CliError('necro publish needs a Redis or PostgreSQL backend: the memory backend ends with this process', { exitCode: EXIT_USAGE });
  }
  if (flags.file === undefined && type === undefined) throw new CliError('Give an event TYPE, or --file', { exitCode: EXIT_USAGE, help: 'see necro publish --help' });
  if (flags.file !== undefined && payload !== undefined) throw new CliError('Give a payload or --file, not both', { exitCode: EXIT_USAGE });
  if (flags.organs) await loadOrganModules(flags.organs, process.cwd());
  const check = payloadCheck(flags.organs !== undefined);
  if (flags.file === undefined) {
    const event = eventFromArgument(type as string, payload);
    await check(event);
    if (flags.dryRun) return print(`Checked 1 event (${event.eventType}): valid; nothing published (--dry-run)`);
    await withDurableBackend(flags, 'publish', (backend) => backend.enqueue([event]));
    return print(`Published 1 event ${event.id} (${event.eventType}) to ${destinationOf(flags)}`);
  }
  const path = flags.file;
  const found = await checkFile(path, type, check);
  if (found.badCount > 0) throw rejected(path, found);
  if (flags.dryRun) return print(`Checked ${found.eventLines} event(s) from ${path}: all valid; nothing published (--dry-run)`);
  const source = path === '-' ? found.kept : eventsOf(path, type);
  const count = await withDurableBackend(flags, 'publish', (backend) => sendAll(path, source, backend));
  print(`Published ${count} event(s) from ${path} to ${destinationOf(flags)}`);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Names the bad lines on stderr, one per line; the error is the summary. */
function rejected(path: string, found: FileCheck): CliError {
  for (const bad of found.badLines) process.stderr.write(`necro: line ${bad.line} of ${path}: ${bad.error}\n`);
  const more = found.badCount - found.badLines.length;
  if (more > 0) process.stderr.write(`necro: … and ${more} more bad line(s)\n`);
  return new CliError(`rejected ${found.badCount} of ${found.eventLines} event line(s) of ${path}; nothing was published`,
    { help: 'fix them and publish the file again' });
}

/** The file's events, read again: every line was checked already. */
async function* eventsOf(path: string, type: string | undefined): AsyncGenerator<SourcedEvent> {
  for await (const entry of linesOfFile(path, type)) {
    if ('error' in entry) throw new CliError(`Line ${entry.line} of ${path} changed since it was checked: ${entry.error}`);
    yield entry;
  }
}

async function sendAll(path: string, source: AsyncIterable<SourcedEvent> | Iterable<SourcedEvent>, backend: Backend): Promise<number> {
  let batch: SourcedEvent[] = [];
  let published = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const [first, last] = [batch[0] as SourcedEvent, batch[batch.length - 1] as SourcedEvent];
    try {
      await backend.enqueue(batch.map((s): Event<object> => s.event));
    } catch (error) {
      throw new CliError(`Lines ${first.line}–${last.line} of ${path} were not published (${published} event(s) before them were)`, { cause: error });
    }
    published += batch.length;
    batch = [];
    process.stderr.write(`necro: published ${published} event(s)…\n`);
  };
  for await (const sourced of source) {
    batch.push(sourced);
    if (batch.length >= PUBLISH_BATCH_SIZE) await flush();
  }
  await flush();
  return published;
}
