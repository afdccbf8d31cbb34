import type { PostgresHealth } from '@necrostack/backend-postgres';
import type { RedisHealth } from '@necrostack/backend-redis';
import { maskSecrets } from '@necrostack/core';
import type { HealthFlags } from '../commands/health';
import { destinationOf, withDurableBackend } from '../config/backend';
import { EXIT_FAILURE } from '../output/cli-error';

/**
 * `necro health`: connects (Redis or PostgreSQL), then one `backend.health()`; sets exit code 1 when
 * unhealthy (and fails like every command when it cannot connect).
 */
export async function runHealth(flags: HealthFlags): Promise<void> {
  await withDurableBackend(flags, 'health', async (backend) => {
    const health: RedisHealth | PostgresHealth = await backend.health();
    if (flags.json) process.stdout.write(`${maskSecrets(JSON.stringify(health, null, 2))}\n`);
    else if (health.healthy) {
      process.stdout.write(`healthy: ${maskSecrets(flags.backend)} answered in ${health.latencyMs} ms; ${summary(health, flags)}\n`);
    } else process.stderr.write(`necro: unhealthy: ${maskSecrets(flags.backend)}: ${maskSecrets(health.details.error ?? 'no answer')}\n`);
    if (!health.healthy) process.exitCode = EXIT_FAILURE;
  });
}

/** What a healthy backend holds, in a few words. */
function summary(health: RedisHealth | PostgresHealth, flags: HealthFlags): string {
  const { details } = health;
  if ('streamLength' in details) return `${details.streamLength} event(s) in ${flags.stream}, ${details.deadLetters} dead letter(s)`;
  return `schema version ${details.schemaVersion}, about ${details.eventsEstimate} event(s) in ${destinationOf(flags)}, `
    + `${details.groups.length} group(s), ${details.deadLetters} dead letter(s)`;
}
