import { InMemoryBackend } from '@necrostack/backend-memory';
import { RedisBackend } from '@necrostack/backend-redis';
import { BackendUnavailableError, maskSecrets, silentLogger, type Backend, type Logger } from '@necrostack/core';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import type { ConnectionFlags } from './env';

/** What `--backend` names. */
export type BackendKind = 'redis' | 'memory';

/** Extra settings of {@link openBackend}. */
export interface OpenBackendOptions {
  readonly consumerName?: string;
  /** Redis only: see RedisBackend's `claimMinIdleMs`. */
  readonly claimMinIdleMs?: number;
  readonly logger?: Logger;
}

/** Tells which backend a `--backend` value names. @throws CliError for anything else. */
export function backendKind(url: string): BackendKind {
  if (url === 'memory' || url === 'memory://') return 'memory';
  if (/^rediss?:\/\//i.test(url)) return 'redis';
  throw new CliError(`Unknown backend '${maskSecrets(url)}'`, { exitCode: EXIT_USAGE, help: 'use redis://host:6379, rediss://… or memory' });
}

/**
 * Builds the backend a command works on. One-shot commands pass `timeout`, so an unreachable Redis
 * fails them in bounded time; workers keep the backend's defaults and ride out Redis restarts.
 */
export function openBackend(flags: ConnectionFlags, options: OpenBackendOptions = {}): Backend {
  if (backendKind(flags.backend) === 'memory') return new InMemoryBackend();
  const timeout = flags.timeout;
  return new RedisBackend({
    url: flags.backend,
    streamKey: flags.stream,
    consumerGroup: flags.consumerGroup,
    consumerName: options.consumerName,
    ...(options.claimMinIdleMs === undefined ? {} : { claimMinIdleMs: options.claimMinIdleMs }),
    logger: options.logger ?? silentLogger,
    ...(timeout === undefined ? {} : {
      commandTimeoutMs: timeout,
      connectTimeoutMs: Math.min(timeout, 5_000),
      healthTimeoutMs: timeout,
      retention: { intervalMs: 0 },
    }),
  });
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
  const backend = openRedisBackend(flags, command);
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
 * The error of a command (or a worker) that could not connect to Redis: the reason, and for a
 * failure that may pass, how long `necro` waited. A permanent failure brings its own fix.
 */
export function cannotConnect(flags: ConnectionFlags, error: unknown): CliError {
  const permanent = error instanceof BackendUnavailableError && error.permanent;
  const waited = flags.timeout === undefined ? '' : ` necro waited --timeout ${flags.timeout} ms`;
  return new CliError(`Cannot connect to Redis at ${maskSecrets(flags.backend)}`, {
    cause: error,
    help: permanent ? undefined : `is Redis up, and is --backend right?${waited}`,
  });
}
