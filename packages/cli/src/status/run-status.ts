import type { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisKeys } from '@necrostack/backend-redis';
import type { StatusFlags } from '../commands/status';
import { backendKind, withDurableBackend, withRedisBackend } from '../config/backend';
import { DEFAULT_CLI_TIMEOUT_MS } from '../config/env';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { formatPostgresStatus, formatStatus } from './format-status';
import { inspectPostgres } from './inspect-postgres';
import { inspectRedis } from './inspect-redis';

/**
 * `necro status`: on Redis, reads the streams, groups and partition leases and prints a table or,
 * with --json, Redis's own fields (and `ownership`); on PostgreSQL, the groups, consumers and dead letters of the schema.
 */
export async function runStatus(flags: StatusFlags): Promise<void> {
  if (backendKind(flags.backend) === 'postgres') {
    const report = await withDurableBackend(flags, 'status', (backend) => inspectPostgres(backend as PostgresBackend));
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatPostgresStatus(report));
    return;
  }
  if (backendKind(flags.backend) !== 'redis') throw new CliError('necro status needs a Redis or PostgreSQL backend', { exitCode: EXIT_USAGE });
  if (flags.layout !== 'single' && flags.layout !== 'per-type') throw new CliError(`Unknown layout '${flags.layout}'`, { exitCode: EXIT_USAGE, help: 'use single or per-type' });
  const keys = new RedisKeys({ streamKey: flags.stream, consumerGroup: flags.consumerGroup, layout: flags.layout, partitions: flags.partitions });
  // Connects the way every command does first, so it fails as they do; then reads with XINFO.
  const report = await withRedisBackend(flags, 'status', () => inspectRedis(flags.backend, keys, flags.timeout ?? DEFAULT_CLI_TIMEOUT_MS));
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
}
