import { maskSecrets } from '@necrostack/core';
import type { HealthFlags } from '../commands/health';
import { withRedisBackend } from '../config/backend';
import { EXIT_FAILURE } from '../output/cli-error';

/** `necro health`: connects, then one `backend.health()`; sets exit code 1 when unhealthy (and fails like every command when it cannot connect). */
export async function runHealth(flags: HealthFlags): Promise<void> {
  await withRedisBackend(flags, 'health', async (backend) => {
    const health = await backend.health();
    if (flags.json) process.stdout.write(`${maskSecrets(JSON.stringify(health, null, 2))}\n`);
    else if (health.healthy) {
      process.stdout.write(`healthy: ${maskSecrets(flags.backend)} answered in ${health.latencyMs} ms; `
        + `${health.details.streamLength} event(s) in ${flags.stream}, ${health.details.deadLetters} dead letter(s)\n`);
    } else process.stderr.write(`necro: unhealthy: ${maskSecrets(flags.backend)}: ${maskSecrets(health.details.error ?? 'no answer')}\n`);
    if (!health.healthy) process.exitCode = EXIT_FAILURE;
  });
}
