import { InvalidArgumentError, Option, type Command } from 'commander';

/**
 * The environment variables `necro` reads. A flag given on the command line wins over its variable.
 * `NECRO_LOG_LEVEL` (error, warn, info, debug) is read by the core logger.
 */
export const ENV = {
  backend: 'NECRO_BACKEND',
  stream: 'NECRO_STREAM',
  consumerGroup: 'NECRO_CONSUMER_GROUP',
  partitions: 'NECRO_PARTITIONS',
  consumerName: 'NECRO_CONSUMER_NAME',
  concurrency: 'NECRO_CONCURRENCY',
  organs: 'NECRO_ORGANS',
  healthPort: 'NECRO_HEALTH_PORT',
  metricsPort: 'NECRO_METRICS_PORT',
  shutdownTimeout: 'NECRO_SHUTDOWN_TIMEOUT_MS',
  retryAttempts: 'NECRO_RETRY_ATTEMPTS',
  handlerTimeout: 'NECRO_HANDLER_TIMEOUT_MS',
  claimMinIdle: 'NECRO_CLAIM_MIN_IDLE_MS',
  ordering: 'NECRO_ORDERING',
  timeout: 'NECRO_TIMEOUT_MS',
} as const;

// The backend's defaults, repeated so `necro --help` starts without loading the backend
// (test/defaults.spec.ts keeps them equal to @necrostack/backend-redis's constants).
/** Default `--backend`, when neither NECRO_BACKEND nor REDIS_URL is set. */
export const DEFAULT_BACKEND_URL = 'redis://127.0.0.1:6379';
/** Default `--stream`. */
export const DEFAULT_STREAM = 'necrostack:events';
/** Default `--stream` with a `redis+cluster://` backend (hash-tagged: its keys share one slot). */
export const DEFAULT_CLUSTER_STREAM = '{necrostack}:events';
/** Default `--consumer-group`. */
export const DEFAULT_GROUP_PREFIX = 'necrostack';

/** Default timeout of one-shot commands (publish, dlq, status, health) against an unreachable Redis. */
export const DEFAULT_CLI_TIMEOUT_MS = 5_000;
/** Default shutdown deadline of `necro worker`. */
export const DEFAULT_WORKER_SHUTDOWN_TIMEOUT_MS = 25_000;

/** Parses a whole number ≥ `min` from a flag or variable; commander reports the failure as a usage error. */
export function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got '${value}'.`);
    }
    return n;
  };
}

/** Options every Redis-facing command shares: where the events are. */
export function connectionOptions(): Option[] {
  return [
    new Option('-b, --backend <url>', 'redis://[user:password@]host:port[/db], rediss://…, redis+cluster://[user:password@]host:port,host:port…, postgres://[user:password@]host:port/database[?schema=name] or memory')
      .env(ENV.backend).default(process.env.REDIS_URL ?? DEFAULT_BACKEND_URL, 'REDIS_URL or ' + DEFAULT_BACKEND_URL),
    new Option('-s, --stream <key>', `the events stream (${DEFAULT_CLUSTER_STREAM} with redis+cluster://)`).env(ENV.stream).default(DEFAULT_STREAM),
    new Option('--consumer-group <prefix>', 'prefix of the consumer group names').env(ENV.consumerGroup).default(DEFAULT_GROUP_PREFIX),
    new Option('--partitions <n>', 'how many partition streams the workers use (Redis; 1 to 1024)').env(ENV.partitions).argParser(integer(1)).default(1),
  ];
}

/**
 * Whether `url` names a Redis Cluster: `redis+cluster://` or `rediss+cluster://` (TLS).
 * @example
 * ```ts
 * isClusterUrl('redis+cluster://10.0.0.1:7000,10.0.0.2:7000'); // true
 * ```
 */
export function isClusterUrl(url: string): boolean {
  return /^rediss?\+cluster:\/\//i.test(url);
}

/**
 * A `preAction` hook: a command run on a Redis Cluster without `--stream` uses
 * {@link DEFAULT_CLUSTER_STREAM}, as the backend does (a Cluster needs a hash-tagged stream).
 * @example
 * ```ts
 * program.hook('preAction', clusterStreamDefault);
 * ```
 */
export function clusterStreamDefault(_program: Command, action: Command): void {
  const backend = action.getOptionValue('backend') as unknown;
  if (action.getOptionValueSource('stream') === 'default' && typeof backend === 'string' && isClusterUrl(backend)) {
    action.setOptionValueWithSource('stream', DEFAULT_CLUSTER_STREAM, 'default');
  }
}

/** The timeout option of one-shot commands. */
export function timeoutOption(): Option {
  return new Option('--timeout <ms>', 'give up on an unreachable backend after this long')
    .env(ENV.timeout).argParser(integer(100)).default(DEFAULT_CLI_TIMEOUT_MS);
}

/**
 * `-o, --organs <modules>`: a file, a glob or a package name, or several separated by commas; the
 * flag may repeat. One value per flag, not variadic, so it never swallows the positional arguments
 * around it (`necro publish TYPE JSON --organs a.js`).
 */
export function organsOption(purpose: string): Option {
  return new Option('-o, --organs <modules>', `${purpose}: a JS file, a glob (quote it; *, **, {a,b}, !(x)) or a package name; comma-separated, or repeat the flag`)
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** What {@link connectionOptions} and {@link timeoutOption} parse to. */
export interface ConnectionFlags {
  readonly backend: string;
  readonly stream: string;
  readonly consumerGroup: string;
  /** The Redis `partitions` option (1 when not given). */
  readonly partitions?: number;
  readonly timeout?: number;
}
