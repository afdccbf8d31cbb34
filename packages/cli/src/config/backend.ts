import { InMemoryBackend } from '@necrostack/backend-memory';
import type { PostgresBackend, PostgresBackendOptions } from '@necrostack/backend-postgres';
import { RedisBackend, type RedisOrdering } from '@necrostack/backend-redis';
import { BackendUnavailableError, maskSecrets, silentLogger, type Backend, type Logger } from '@necrostack/core';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { clusterRootNodes } from './cluster-url';
import type { ConnectionFlags } from './env';

/** What `--backend` names. */
export type BackendKind = 'redis' | 'postgres' | 'memory';

/** A durable backend a one-shot command can connect to first. */
export type DurableBackend = RedisBackend | PostgresBackend;

const SERVICE: Readonly<Record<BackendKind, string>> = { redis: 'Redis', postgres: 'PostgreSQL', memory: 'memory' };

/** Extra settings of {@link openBackend}. */
export interface OpenBackendOptions {
  readonly consumerName?: string;
  /** Redis and PostgreSQL: see their `claimMinIdleMs`. */
  readonly claimMinIdleMs?: number;
  /** Redis: see its `ordering`. */
  readonly ordering?: RedisOrdering;
  readonly logger?: Logger;
}

/** Tells which backend a `--backend` value names. @throws CliError for anything else. */
export function backendKind(url: string): BackendKind {
  if (url === 'memory' || url === 'memory://') return 'memory';
  if (/^rediss?(\+cluster)?:\/\//i.test(url)) return 'redis';
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  throw new CliError(`Unknown backend '${maskSecrets(url)}'`, {
    exitCode: EXIT_USAGE, help: 'use redis://host:6379, rediss://…, redis+cluster://host:7000,host:7001, postgres://user@host:5432/database or memory',
  });
}

/**
 * Builds the backend a command works on. One-shot commands pass `timeout`, so an unreachable Redis
 * fails them in bounded time; workers keep the backend's defaults and ride out Redis restarts.
 */
export function openBackend(flags: ConnectionFlags, options: OpenBackendOptions = {}): Backend {
  const kind = backendKind(flags.backend);
  if (kind === 'memory') return new InMemoryBackend();
  const timeout = flags.timeout;
  if (kind === 'postgres') return openPostgresBackend(flags, options);
  const rootNodes = clusterRootNodes(flags.backend);
  return new RedisBackend({
    ...(rootNodes ? { cluster: { rootNodes } } : { url: flags.backend }),
    streamKey: flags.stream,
    consumerGroup: flags.consumerGroup,
    ...(flags.partitions === undefined ? {} : { partitions: flags.partitions }),
    consumerName: options.consumerName,
    ...(options.claimMinIdleMs === undefined ? {} : { claimMinIdleMs: options.claimMinIdleMs }),
    ...(options.ordering === undefined ? {} : { ordering: options.ordering }),
    logger: options.logger ?? silentLogger,
    ...(timeout === undefined ? {} : {
      commandTimeoutMs: timeout,
      connectTimeoutMs: Math.min(timeout, 5_000),
      healthTimeoutMs: timeout,
      retention: { intervalMs: 0 },
    }),
  });
}

/** Where a durable backend keeps events, for messages: the Redis stream, or the PostgreSQL table. */
export function destinationOf(flags: ConnectionFlags): string {
  return backendKind(flags.backend) === 'postgres' ? `${schemaOf(flags.backend)}.events` : flags.stream;
}

/** The PostgreSQL backend's module, loaded only by commands given a `postgres://` url (pg costs start-up time). */
function postgresModule(): typeof import('@necrostack/backend-postgres') {
  return require('@necrostack/backend-postgres') as typeof import('@necrostack/backend-postgres');
}

/** The schema a `postgres://` url names with `?schema=` (necro's own parameter), else `necrostack`. */
function schemaOf(url: string): string {
  const { DEFAULT_SCHEMA } = postgresModule();
  try {
    return new URL(url).searchParams.get('schema') ?? DEFAULT_SCHEMA;
  } catch {
    return DEFAULT_SCHEMA; // the backend rejects the url itself, naming the option
  }
}

/** The PostgreSQL backend of a `postgres://` `--backend`, on the schema of its `?schema=`. */
function openPostgresBackend(flags: ConnectionFlags, options: OpenBackendOptions): PostgresBackend {
  const { PostgresBackend } = postgresModule();
  return new PostgresBackend(postgresOptions(flags, options));
}

/**
 * The PostgreSQL backend options of a `postgres://` url: its `?schema=` (else `necrostack`), and for
 * a one-shot command (`timeout` given) health answered in that time and no retention run.
 * @example
 * ```ts
 * const forwarder = new PostgresForwarder({ postgres: postgresOptions({ ...flags, backend: flags.from }), publisher });
 * ```
 */
export function postgresOptions(flags: Pick<ConnectionFlags, 'backend' | 'timeout'>, options: OpenBackendOptions = {}): PostgresBackendOptions {
  const timeout = flags.timeout;
  return {
    connectionString: flags.backend,
    schema: schemaOf(flags.backend),
    consumerName: options.consumerName,
    ...(options.claimMinIdleMs === undefined ? {} : { claimMinIdleMs: options.claimMinIdleMs }),
    logger: options.logger ?? silentLogger,
    ...(timeout === undefined ? {} : { healthTimeoutMs: timeout, retention: { intervalMs: 0 } }),
  };
}

/**
 * Where a durable backend keeps its dead letters, for messages: the Redis dead-letter stream, or
 * the PostgreSQL table.
 * @example
 * ```ts
 * process.stdout.write(`Deleted 3 dead letter(s) from ${deadLetterStoreOf(backend)}.\n`);
 * ```
 */
export function deadLetterStoreOf(backend: DurableBackend): string {
  return 'keys' in backend ? backend.keys.dlq : `${backend.tables.schemaName}.dead_letters`;
}

/** The Redis backend for the commands that only make sense on Redis (dlq, status, health). */
export function openRedisBackend(flags: ConnectionFlags, command: string): RedisBackend {
  if (backendKind(flags.backend) !== 'redis') {
    throw new CliError(`necro ${command} needs a Redis backend`, { exitCode: EXIT_USAGE, help: 'pass --backend redis://host:6379 or set NECRO_BACKEND' });
  }
  return openBackend(flags) as RedisBackend;
}

/**
 * Runs a one-shot command's `work` on a connected Redis backend, then closes it. Every command
 * connects the same way first (`backend.connect()`), so they all fail alike: at once when retrying
 * cannot help (credentials, host, TLS), after `--timeout` when Redis does not answer.
 *
 * @throws CliError `Cannot connect to Redis at <url>` with the reason, or what `work` throws.
 * @example
 * ```ts
 * const letters = await withRedisBackend(flags, 'dlq list', (backend) => backend.deadLetters.getAll());
 * ```
 */
export async function withRedisBackend<T>(flags: ConnectionFlags, command: string, work: (backend: RedisBackend) => Promise<T>): Promise<T> {
  return withConnected(flags, openRedisBackend(flags, command), work);
}

/**
 * Runs a one-shot command's `work` on a connected durable backend (Redis or PostgreSQL), then
 * closes it; connects first, as {@link withRedisBackend} does.
 * @throws CliError for the memory backend, `Cannot connect to … at <url>` with the reason, or what `work` throws.
 * @example
 * ```ts
 * await withDurableBackend(flags, 'publish', (backend) => backend.enqueue(events));
 * ```
 */
export async function withDurableBackend<T>(flags: ConnectionFlags, command: string, work: (backend: DurableBackend) => Promise<T>): Promise<T> {
  if (backendKind(flags.backend) === 'memory') {
    throw new CliError(`necro ${command} needs a Redis or PostgreSQL backend`, { exitCode: EXIT_USAGE, help: 'pass --backend redis://… or postgres://…' });
  }
  return withConnected(flags, openBackend(flags) as DurableBackend, work);
}

/** Connects `backend` (failing as {@link cannotConnect} says), runs `work` on it, and closes it. */
async function withConnected<B extends DurableBackend, T>(flags: ConnectionFlags, backend: B, work: (backend: B) => Promise<T>): Promise<T> {
  try {
    await backend.connect().catch((error: unknown) => {
      throw cannotConnect(flags, error);
    });
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/**
 * The error of a command (or a worker) that could not connect to its backend: the reason, and for
 * a failure that may pass, how long `necro` waited. A permanent failure brings its own fix.
 */
export function cannotConnect(flags: ConnectionFlags, error: unknown): CliError {
  const permanent = error instanceof BackendUnavailableError && error.permanent;
  const waited = flags.timeout === undefined ? '' : ` necro waited --timeout ${flags.timeout} ms`;
  const service = SERVICE[backendKind(flags.backend)];
  return new CliError(`Cannot connect to ${service} at ${maskSecrets(flags.backend)}`, {
    cause: error,
    help: permanent ? undefined : `is ${service} up, and is --backend right?${waited}`,
  });
}
