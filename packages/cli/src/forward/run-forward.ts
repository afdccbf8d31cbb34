import type { PostgresForwarder } from '@necrostack/backend-postgres';
import { createLogger, maskSecrets, withTimeout } from '@necrostack/core';
import type { ForwardFlags } from '../commands/forward';
import { backendKind, cannotConnect, destinationOf, openBackend, postgresOptions, withDurableBackend, type DurableBackend } from '../config/backend';
import { DEFAULT_GROUP_PREFIX } from '../config/env';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { onStopSignals } from '../worker/signals';
import { formatProgress, ProgressMeter } from './forward-progress';

/**
 * Runs a forwarder until SIGTERM or SIGINT: checks both ends answer first (failing like every
 * command when one does not), then forwards, printing a progress line every `--interval` (JSON
 * Lines with `--json`) and a last one once stopped. Resolves with the exit code (0 after a stop).
 *
 * @throws CliError for a `--from` that is not PostgreSQL, a `--to` that is not durable, or an end
 * that cannot be reached at start.
 * @example
 * ```ts
 * process.exitCode = await runForward({ from: 'postgres://db/shop', to: 'redis://127.0.0.1:6379', stream: 'necrostack:events', interval: 5_000 });
 * ```
 */
export async function runForward(flags: ForwardFlags): Promise<number> {
  if (backendKind(flags.from) !== 'postgres') {
    throw new CliError(`--from must be a PostgreSQL url, not '${maskSecrets(flags.from)}'`, { exitCode: EXIT_USAGE, help: 'pass --from postgres://user@host:5432/database' });
  }
  if (backendKind(flags.to) === 'memory') throw new CliError('--to must be a durable backend', { exitCode: EXIT_USAGE, help: 'pass --to redis://host:6379' });
  if (sameOutbox(flags.from, flags.to)) {
    throw new CliError('--to is the outbox itself: every event would be forwarded again and again', { exitCode: EXIT_USAGE, help: 'pass --to redis://… or another schema' });
  }
  const logger = createLogger({ stream: 'stderr' }).child({ component: 'necro-forward' });
  const source = { backend: flags.from, stream: flags.stream, consumerGroup: DEFAULT_GROUP_PREFIX, timeout: flags.timeout };
  const target = { backend: flags.to, stream: flags.stream, consumerGroup: DEFAULT_GROUP_PREFIX, timeout: flags.timeout };
  let forwarder: PostgresForwarder | undefined;
  let stopped = false;
  const removeSignals = onStopSignals(() => {
    stopped = true;
    void forwarder?.stop();
  }, (signal) => logger.warn('Second signal; exiting now', { signal }));
  const publisher = openBackend({ ...target, timeout: undefined }, { logger }) as DurableBackend;
  try {
    await withDurableBackend(source, 'forward', async () => undefined); // the schema is there, and up to date
    await connectWithin(publisher, target);
    if (stopped) return 0;
    const { PostgresForwarder } = require('@necrostack/backend-postgres') as typeof import('@necrostack/backend-postgres');
    forwarder = new PostgresForwarder({ postgres: postgresOptions(source, { logger }), publisher, group: flags.group, batchSize: flags.batchSize, logger });
    process.stdout.write(flags.json ? '' : `Forwarding from ${maskSecrets(flags.from)} (${destinationOf(source)}) to ${maskSecrets(flags.to)} (${destinationOf(target)}); `
      + `group ${forwarder.group}. Stop with Ctrl-C.\n`);
    await reportWhile(forwarder, flags);
    return 0;
  } finally {
    removeSignals();
    await publisher.close();
    await logger.flush?.();
  }
}

/** Whether two urls name the same PostgreSQL schema (host, port, database and `?schema=`). */
function sameOutbox(from: string, to: string): boolean {
  if (backendKind(to) !== 'postgres') return false;
  const where = (url: string): string => {
    const flags = { backend: url, stream: '', consumerGroup: '' };
    try {
      const { hostname, port, pathname } = new URL(url);
      return `${hostname}:${port || '5432'}${pathname}/${destinationOf(flags)}`;
    } catch {
      return url;
    }
  };
  return where(from) === where(to);
}

/** Connects the destination within `--timeout`, as a one-shot command would. */
async function connectWithin(publisher: DurableBackend, flags: { backend: string; stream: string; consumerGroup: string; timeout?: number }): Promise<void> {
  const connecting = publisher.connect();
  try {
    await (flags.timeout === undefined ? connecting : withTimeout(connecting, flags.timeout, 'connect'));
  } catch (error) {
    throw cannotConnect(flags, error);
  }
}

/** Runs the forwarder, printing its progress every `--interval` and once more at the end. */
async function reportWhile(forwarder: PostgresForwarder, flags: ForwardFlags): Promise<void> {
  const meter = new ProgressMeter();
  const print = (): void => {
    const progress = meter.sample(forwarder.stats);
    process.stdout.write(`${flags.json ? JSON.stringify(progress) : formatProgress(progress)}\n`);
  };
  const ticker = setInterval(print, flags.interval);
  try {
    await forwarder.run();
  } finally {
    clearInterval(ticker);
    print();
  }
}
