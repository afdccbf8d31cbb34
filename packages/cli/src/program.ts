import { Command } from 'commander';
import { dashboardCommand } from './commands/dashboard';
import { dlqCommand } from './commands/dlq';
import { forwardCommand } from './commands/forward';
import { healthCommand } from './commands/health';
import { publishCommand } from './commands/publish';
import { statusCommand } from './commands/status';
import { workerCommand } from './commands/worker';
import { clusterStreamDefault } from './config/env';
import { examples } from './output/help';

/** The version `necro --version` prints. */
export const CLI_VERSION: string = (require('../package.json') as { version: string }).version;

/**
 * The `necro` program with every command. Errors are not printed here: `parseAsync` rejects with
 * a CommanderError (bad usage, already printed) or the command's error, for the caller to report.
 *
 * @example
 * ```ts
 * await createProgram().parseAsync(['node', 'necro', 'status', '--json']);
 * ```
 */
export function createProgram(): Command {
  const program = new Command('necro')
    .description('NecroStack operations: run workers, publish events, handle dead letters, inspect Redis or PostgreSQL, forward an outbox')
    .version(CLI_VERSION)
    .addCommand(workerCommand())
    .addCommand(publishCommand())
    .addCommand(dlqCommand())
    .addCommand(statusCommand())
    .addCommand(healthCommand())
    .addCommand(dashboardCommand())
    .addCommand(forwardCommand())
    .addHelpText('after', examples([
      "necro worker --organs 'dist/organs/*.js' --backend redis://redis:6379 --metrics-port 9464",
      `necro publish ORDER_PLACED '{"orderId":"A-1"}'`,
      'necro dlq list',
      'necro status',
      'necro dashboard',
      "necro forward --from 'postgres://app@db:5432/shop' --to redis://redis:6379",
      '',
      'Every option can also come from the environment (NECRO_BACKEND, NECRO_STREAM, NECRO_ORGANS, …);',
      'a flag wins over its variable. See `necro <command> --help`.',
    ]));
  program.hook('preAction', clusterStreamDefault);
  configureAll(program);
  return program;
}

function configureAll(command: Command): void {
  // One line per usage error, prefixed like every other error; commander's exit is turned into a throw.
  command.exitOverride().configureOutput({ outputError: (text, write) => write(`necro: ${text.replace(/^error: /, '')}`) });
  for (const sub of command.commands) configureAll(sub);
}
