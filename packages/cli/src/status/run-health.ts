import { maskSecrets } from '@necrostack/core';
import type { HealthFlags } from '../commands/health';
import { openRedisBackend } from '../config/backend';
import { EXIT_FAILURE } from '../output/cli-error';

/** `necro health`: one `backend.health()`; sets exit code 1 when unhealthy. */
export async function runHealth(flags: HealthFlags): Promise<void> {
  const backend = openRedisBackend(flags, 'health');
  try {
    const health = await backend.health();
    if (flags.json) process.stdout.write(`${maskSecrets(JSON.stringify(health, null, 2))}\n`);
    else if (health.healthy) {
      process.stdout.write(`healthy: ${maskSecrets(flags.backend)} answered in ${health.latencyMs} ms; `
        + `${health.details.streamLength} event(s) in ${flags.stream}, ${health.details.deadLetters} dead letter(s)\n`);
    } else process.stderr.write(`necro: unhealthy: ${maskSecrets(flags.backend)}: ${maskSecrets(health.details.error ?? 'no answer')}\n`);
    if (!health.healthy) process.exitCode = EXIT_FAILURE;
  } finally {
    await backend.close();
  }
}
