import { Command, Option } from 'commander';
import { connectionOptions, timeoutOption, type ConnectionFlags } from '../config/env';
import { examples } from '../output/help';

/** The flags of the `necro dlq` commands. */
export interface DlqFlags extends ConnectionFlags {
  readonly organ?: string;
  readonly id?: string;
  readonly all?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly yes?: boolean;
}

/**
 * `necro dlq list | show | replay | purge`: the dead letters of a Redis (the dead-letter stream) or
 * PostgreSQL (the `dead_letters` table) backend, from the command line.
 *
 * @example
 * ```ts
 * program.addCommand(dlqCommand());
 * ```
 */
export function dlqCommand(): Command {
  const dlq = new Command('dlq')
    .description('Dead letters: list, show, replay to the organ that failed, purge (all or one organ\'s)')
    .addHelpText('after', examples([
      'necro dlq list --organ ChargeCard',
      'necro dlq show 1795804584696-0',
      'necro dlq replay --organ ChargeCard --dry-run',
      'necro dlq replay --id 1795804584696-0',
      'necro dlq purge --organ ChargeCard --yes',
      "necro dlq list --backend 'postgres://app:secret@db:5432/shop?schema=necrostack'",
    ]));
  dlq.addCommand(sub('list', 'List dead letters, oldest first', ['necro dlq list', 'necro dlq list --organ SendEmail --json'])
    .addOption(new Option('--organ <name>', 'only this organ\'s dead letters'))
    .option('--json', 'print a JSON array')
    .action((flags: DlqFlags) => actions().list(flags)));
  dlq.addCommand(sub('show', 'Show one dead letter as JSON: the event, the error, the organ', ['necro dlq show 1795804584696-0'])
    .argument('<id>', 'the dead letter\'s id (first column of necro dlq list)')
    .action((id: string, flags: DlqFlags) => actions().show(id, flags)));
  dlq.addCommand(sub('replay', 'Deliver dead letters again, to the organ (group) that failed them only', [
    'necro dlq replay --organ ChargeCard', 'necro dlq replay --id 1795804584696-0', 'necro dlq replay --all --dry-run',
  ])
    .addOption(new Option('--organ <name>', 'replay this organ\'s dead letters').conflicts('all'))
    .addOption(new Option('--id <id>', 'replay this dead letter').conflicts('all'))
    .option('--all', 'replay every dead letter')
    .option('--dry-run', 'list what would be replayed, change nothing')
    .action((flags: DlqFlags) => actions().replay(flags)));
  dlq.addCommand(sub('purge', 'Delete dead letters, all or one organ\'s (asks first unless --yes)', [
    'necro dlq purge', 'necro dlq purge --organ ChargeCard --dry-run', 'necro dlq purge --organ ChargeCard --yes', 'echo y | necro dlq purge',
  ])
    .addOption(new Option('--organ <name>', 'delete only this organ\'s dead letters'))
    .option('--dry-run', 'list what would be deleted, change nothing')
    .option('-y, --yes', 'do not ask (otherwise the y/N answer is read from the terminal or a line of stdin)')
    .action((flags: DlqFlags) => actions().purge(flags)));
  return dlq;
}

function sub(name: string, description: string, lines: readonly string[]): Command {
  const command = new Command(name).description(description).addHelpText('after', examples(lines));
  for (const option of [...connectionOptions(), timeoutOption()]) command.addOption(option);
  return command;
}

function actions(): typeof import('../dlq/dlq-actions') {
  return require('../dlq/dlq-actions') as typeof import('../dlq/dlq-actions');
}
