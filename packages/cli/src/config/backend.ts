import { InMemoryBackend } from '@necrostack/backend-memory';
import { RedisBackend } from '@necrostack/backend-redis';
import { maskSecrets, silentLogger, type Backend, type Logger } from '@necrostack/core';
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
