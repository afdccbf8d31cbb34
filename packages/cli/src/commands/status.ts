import { Command } from 'commander';
import { connectionOptions, timeoutOption, type ConnectionFlags } from '../config/env';
import { examples } from '../output/help';

/** The flags of `necro status`. */
export interface StatusFlags extends ConnectionFlags {
  readonly json?: boolean;
  readonly layout: 'single' | 'per-type';
}

/**
 * `necro status`: streams, consumer groups, pending and lag per group, consumers with their idle
 * time, and the dead-letter count.
 *
 * @example
 * ```ts
 * program.addCommand(statusCommand());
 * ```
 */
export function statusCommand(): Command {
  const command = new Command('status')
    .description('Show streams, consumer groups (pending, lag, partition lease holder), consumers (pending, idle) and dead letters')
    .option('--json', 'print the XLEN / XINFO GROUPS / XINFO CONSUMERS data as JSON, with Redis\'s field names, and the partition leases (ownership)')
    .option('--layout <layout>', 'the stream layout the workers use: single or per-type', 'single');
  for (const option of [...connectionOptions(), timeoutOption()]) command.addOption(option);
  return command
    .addHelpText('after', examples(['necro status', 'necro status --json | jq \'.streams[].groups[] | {name, pending, lag}\'']))
    .action(async (flags: StatusFlags) => {
      const { runStatus } = require('../status/run-status') as typeof import('../status/run-status');
      await runStatus(flags);
    });
}
