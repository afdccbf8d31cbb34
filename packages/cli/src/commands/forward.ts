import { Command, Option } from 'commander';
import { DEFAULT_BACKEND_URL, DEFAULT_STREAM, ENV, integer, timeoutOption } from '../config/env';
import { DEFAULT_PROGRESS_INTERVAL_MS } from '../forward/forward-progress';
import { examples } from '../output/help';

/** The variables `--from` and `--to` may come from. */
export const FORWARD_ENV = { from: 'NECRO_FORWARD_FROM', to: 'NECRO_FORWARD_TO' } as const;

/** The flags of `necro forward`. */
export interface ForwardFlags {
  readonly from: string;
  readonly to: string;
  readonly stream: string;
  readonly group?: string;
  readonly batchSize?: number;
  readonly interval: number;
  readonly json?: boolean;
  readonly timeout?: number;
}

/**
 * `necro forward`: relays the events committed to a PostgreSQL outbox to a Redis stream (or another
 * backend), in order, at least once, until SIGTERM/SIGINT (`PostgresForwarder`).
 *
 * @example
 * ```ts
 * program.addCommand(forwardCommand());
 * ```
 */
export function forwardCommand(): Command {
  const timeout = timeoutOption();
  timeout.description = 'at start, give up on an unreachable PostgreSQL or destination after this long (later outages are waited out)';
  return new Command('forward')
    .description('Forward the events committed to a PostgreSQL outbox to Redis (or another backend), in order, until SIGTERM/SIGINT')
    .addOption(new Option('--from <url>', 'the PostgreSQL outbox: postgres://[user:password@]host:port/database[?schema=name]')
      .env(FORWARD_ENV.from).makeOptionMandatory())
    .addOption(new Option('--to <url>', 'where events go: redis://…, rediss://… or postgres://…').env(FORWARD_ENV.to)
      .default(process.env.REDIS_URL ?? DEFAULT_BACKEND_URL, 'REDIS_URL or ' + DEFAULT_BACKEND_URL))
    .addOption(new Option('-s, --stream <key>', 'the Redis stream events go to').env(ENV.stream).default(DEFAULT_STREAM))
    .addOption(new Option('--group <name>', 'the forwarder\'s group in PostgreSQL (default necrostack:forwarder); one per destination'))
    .addOption(new Option('--batch-size <n>', 'events per claim and per publish (default 500)').argParser(integer(1)))
    .addOption(new Option('--interval <ms>', 'time between two progress lines').argParser(integer(100)).default(DEFAULT_PROGRESS_INTERVAL_MS))
    .option('--json', 'print progress as JSON Lines (one object per line)')
    .addOption(timeout)
    .addHelpText('after', examples([
      "necro forward --from 'postgres://app:secret@db:5432/shop?schema=necrostack' --to redis://redis:6379",
      'NECRO_FORWARD_FROM=postgres://db/shop necro forward --stream orders:events --json',
      '',
      'Only one forwarder per schema and group forwards at a time; start two for a standby, which takes',
      'over within a second of a crash. A batch published just before a crash is published again: the',
      'events keep their ids, so consumers recognise it. Stops on SIGTERM/SIGINT (exit 0).',
    ]))
    .action(async (flags: ForwardFlags) => {
      const { runForward } = require('../forward/run-forward') as typeof import('../forward/run-forward');
      process.exitCode = await runForward(flags);
    });
}
