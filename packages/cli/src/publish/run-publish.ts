import { silentLogger, type Backend, type Event } from '@necrostack/core';
import type { PublishFlags } from '../commands/publish';
import { backendKind, openBackend } from '../config/backend';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { loadOrganModules } from '../organs/load-organ-modules';
import { buildSpine } from '../worker/build-spine';
import { eventFromArgument, eventsFromFile, type SourcedEvent } from './read-events';

/** Events enqueued per round trip when publishing a file. */
export const PUBLISH_BATCH_SIZE = 500;

/**
 * What `necro publish` does: builds the events (from the arguments or the file), validates them
 * with `spine.publish` when organ modules are given, else enqueues them; prints a summary line.
 * @throws CliError on bad input, an invalid payload or an unreachable backend.
 */
export async function runPublish(type: string | undefined, payload: string | undefined, flags: PublishFlags): Promise<void> {
  if (backendKind(flags.backend) === 'memory') {
    throw new CliError('necro publish needs a Redis backend: the memory backend ends with this process', { exitCode: EXIT_USAGE });
  }
  if (flags.file === undefined && type === undefined) throw new CliError('Give an event TYPE, or --file', { exitCode: EXIT_USAGE, help: 'see necro publish --help' });
  if (flags.file !== undefined && payload !== undefined) throw new CliError('Give a payload or --file, not both', { exitCode: EXIT_USAGE });
  if (flags.organs) await loadOrganModules(flags.organs, process.cwd());
  const single = flags.file === undefined ? eventFromArgument(type as string, payload) : undefined;
  const backend = openBackend(flags);
  try {
    const send = sender(backend, flags.organs !== undefined);
    if (single) {
      await send([single]);
      process.stdout.write(`Published 1 event ${single.id} (${single.eventType}) to ${flags.stream}\n`);
    } else {
      const count = await publishFile(flags.file as string, type, send);
      process.stdout.write(`Published ${count} event(s) from ${flags.file} to ${flags.stream}\n`);
    }
  } finally {
    await backend.close();
  }
}

type Send = (events: readonly Event<object>[]) => Promise<void>;

function sender(backend: Backend, validate: boolean): Send {
  if (!validate) return (events) => backend.enqueue(events);
  const spine = buildSpine(backend, {}, silentLogger);
  return (events) => spine.publish(events);
}

async function publishFile(path: string, type: string | undefined, send: Send): Promise<number> {
  let batch: SourcedEvent[] = [];
  let published = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const [first, last] = [batch[0] as SourcedEvent, batch[batch.length - 1] as SourcedEvent];
    try {
      await send(batch.map((s) => s.event));
    } catch (error) {
      throw new CliError(`Lines ${first.line}–${last.line} of ${path} were not published (${published} event(s) before them were)`, { cause: error });
    }
    published += batch.length;
    batch = [];
    process.stderr.write(`necro: published ${published} event(s)…\n`);
  };
  for await (const sourced of eventsFromFile(path, type)) {
    batch.push(sourced);
    if (batch.length >= PUBLISH_BATCH_SIZE) await flush();
  }
  await flush();
  return published;
}
