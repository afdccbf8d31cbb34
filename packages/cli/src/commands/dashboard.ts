import { Command, Option } from 'commander';
import { connectionOptions, integer, timeoutOption, type ConnectionFlags } from '../config/env';
import { DEFAULT_DASHBOARD_HOST, DEFAULT_DASHBOARD_PORT, DEFAULT_SAMPLE_INTERVAL_MS } from '../dashboard/dashboard-defaults';
import { examples } from '../output/help';

/** The variable `--token` may come from. */
export const DASHBOARD_TOKEN_ENV = 'NECRO_DASHBOARD_TOKEN';

/** The flags of `necro dashboard`. */
export interface DashboardFlags extends ConnectionFlags {
  readonly host: string;
  readonly port: number;
  readonly token?: string;
  readonly readOnly?: boolean;
  readonly layout: 'single' | 'per-type';
  readonly interval: number;
}

/**
 * `necro dashboard`: a web page for organs, lag, consumers, throughput and dead letters.
 *
 * @example
 * ```ts
 * program.addCommand(dashboardCommand());
 * ```
 */
export function dashboardCommand(): Command {
  const command = new Command('dashboard')
    .description('Serve a web page of organs (lag, pending, consumers), throughput, workers and dead letters (inspect, replay, purge)')
    .addOption(new Option('--port <port>', 'the port to listen on').argParser(integer(0)).default(DEFAULT_DASHBOARD_PORT))
    .addOption(new Option('--host <host>', 'the address to listen on; any other than loopback needs --token').default(DEFAULT_DASHBOARD_HOST))
    .addOption(new Option('--token <token>', `required by every API request (Authorization: Bearer or X-Necro-Token); needed for actions (at least 16 characters)`).env(DASHBOARD_TOKEN_ENV))
    .option('--read-only', 'refuse replay and purge, and hide them in the page')
    .addOption(new Option('--layout <layout>', 'the stream layout the workers use').choices(['single', 'per-type']).default('single'))
    .addOption(new Option('--interval <ms>', 'time between two samples of Redis').argParser(integer(250)).default(DEFAULT_SAMPLE_INTERVAL_MS));
  for (const option of [...connectionOptions(), timeoutOption()]) command.addOption(option);
  return command
    .addHelpText('after', examples([
      'necro dashboard                                  # http://127.0.0.1:8787/, read-only without a token',
      `${DASHBOARD_TOKEN_ENV}="$(openssl rand -hex 24)" necro dashboard --host 0.0.0.0`,
      'necro dashboard --backend redis://:secret@redis:6379 --read-only',
    ]))
    .action(async (flags: DashboardFlags) => {
      const { runDashboard } = require('../dashboard/run-dashboard') as typeof import('../dashboard/run-dashboard');
      await runDashboard(flags);
    });
}
