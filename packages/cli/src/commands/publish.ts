import { Command, Option } from 'commander';
import { connectionOptions, organsOption, timeoutOption, type ConnectionFlags } from '../config/env';
import { examples } from '../output/help';

/** The flags of `necro publish`. */
export interface PublishFlags extends ConnectionFlags {
  readonly file?: string;
  readonly organs?: string[];
  readonly dryRun?: boolean;
}

/**
 * `necro publish`: sends events from the command line or a JSON Lines file. Every event is checked
 * before any is sent — with `--organs`, against the organs' DTOs (as `spine.publish` does) — so a file
 * with a bad line is not published at all; `--dry-run` only checks.
 *
 * @example
 * ```ts
 * program.addCommand(publishCommand());
 * ```
 */
export function publishCommand(): Command {
  const command = new Command('publish')
    .description('Publish events: one from the command line, or many from a JSON Lines file')
    .argument('[type]', 'the event type (required unless each line of --file has "event_type")')
    .argument('[payload]', 'the payload as JSON (default {})')
    .addOption(new Option('-f, --file <path>', 'JSON Lines file, one payload (or {"event_type","payload"}) per line; - for stdin'))
    .addOption(organsOption('validate payloads against the DTOs of these organ modules'))
    .addOption(new Option('--dry-run', 'check every event (and, with --organs, its payload) and publish nothing'));
  for (const option of [...connectionOptions(), timeoutOption()]) command.addOption(option);
  return command
    .addHelpText('after', examples([
      `necro publish ORDER_PLACED '{"orderId":"A-1","amount":10}'`,
      `necro publish ORDER_PLACED '{"orderId":"A-1"}' --organs dist/organs/billing.js,dist/organs/mailer.js`,
      "necro publish ORDER_PLACED --file orders.jsonl --organs 'dist/organs/*.js' --dry-run",
      'necro publish --file mixed-events.jsonl --backend redis://redis:6379',
      '',
      'A file is checked whole before anything is sent: if a line is bad, each bad line is named',
      'and nothing is published (exit 1).',
    ]))
    .action(async (type: string | undefined, payload: string | undefined, flags: PublishFlags) => {
      const { runPublish } = require('../publish/run-publish') as typeof import('../publish/run-publish');
      await runPublish(type, payload, flags);
    });
}
