import { RedisKeys } from '@necrostack/backend-redis';
import type { StatusFlags } from '../commands/status';
import { backendKind, withRedisBackend } from '../config/backend';
import { DEFAULT_CLI_TIMEOUT_MS } from '../config/env';
import { CliError, EXIT_USAGE } from '../output/cli-error';
import { formatStatus } from './format-status';
import { inspectRedis } from './inspect-redis';

/** `necro status`: reads the streams and groups, prints a table or, with --json, Redis's own fields. */
export async function runStatus(flags: StatusFlags): Promise<void> {
  if (backendKind(flags.backend) !== 'redis') throw new CliError('necro status needs a Redis backend', { exitCode: EXIT_USAGE });
  if (flags.layout !== 'single' && flags.layout !== 'per-type') throw new CliError(`Unknown layout '${flags.layout}'`, { exitCode: EXIT_USAGE, help: 'use single or per-type' });
  const keys = new RedisKeys({ streamKey: flags.stream, consumerGroup: flags.consumerGroup, layout: flags.layout });
  // Connects the way every command does first, so it fails as they do; then reads with XINFO.
  const report = await withRedisBackend(flags, 'status', () => inspectRedis(flags.backend, keys, flags.timeout ?? DEFAULT_CLI_TIMEOUT_MS));
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
}
