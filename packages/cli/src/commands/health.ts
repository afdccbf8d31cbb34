import { Command } from 'commander';
import { connectionOptions, timeoutOption, type ConnectionFlags } from '../config/env';
import { examples } from '../output/help';

/** The flags of `necro health`. */
export interface HealthFlags extends ConnectionFlags {
  readonly json?: boolean;
}

/**
 * `necro health`: asks the backend (`backend.health()`); exit 0 when healthy, 1 otherwise.
 *
 * @example
 * ```ts
 * program.addCommand(healthCommand());
 * ```
 */
export function healthCommand(): Command {
  const command = new Command('health')
    .description('Check the backend: exit 0 when healthy, 1 otherwise')
    .option('--json', 'print the whole health() answer as JSON');
  for (const option of [...connectionOptions(), timeoutOption()]) command.addOption(option);
  return command
    .addHelpText('after', examples(['necro health --backend redis://redis:6379 && echo up', 'necro health --json']))
    .action(async (flags: HealthFlags) => {
      const { runHealth } = require('../status/run-health') as typeof import('../status/run-health');
      await runHealth(flags);
    });
}
