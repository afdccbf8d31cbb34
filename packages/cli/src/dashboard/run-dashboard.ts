import type { DashboardFlags } from '../commands/dashboard';
import { onStopSignals } from '../worker/signals';
import { startDashboard } from './start-dashboard';

/** `necro dashboard`: serves until SIGINT or SIGTERM, then closes the server and the connections. */
export async function runDashboard(flags: DashboardFlags): Promise<void> {
  const dashboard = await startDashboard({ ...flags, intervalMs: flags.interval });
  const { actions, backend, stream } = dashboard.config;
  process.stdout.write(`Dashboard on ${dashboard.url} for ${backend} (stream ${stream}); actions: ${ACTIONS[actions]}\n`);
  await new Promise<void>((resolve) => {
    const off = onStopSignals(() => {
      off();
      resolve();
    }, () => undefined);
  });
  await dashboard.close();
  process.stdout.write('Dashboard stopped\n');
}

const ACTIONS = {
  enabled: 'replay and purge, with the token',
  'read-only': 'none (--read-only)',
  'no-token': 'none (start with --token to replay and purge from the page)',
} as const;
