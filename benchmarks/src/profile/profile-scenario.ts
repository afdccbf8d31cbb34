// Runs one scenario for the profiler, in a process started with --cpu-prof. argv: scenario, worker
// profile directory, quick|full. Workers it forks get --cpu-prof into the worker directory.
import { necrostackChain } from '../memory/chain-necrostack';
import { dtoOrgan } from '../memory/dto-organ';
import { dispatchLatency } from '../memory/latency';
import { necrostackWorkers } from '../redis/e2e-workers';
import { redisLatency } from '../redis/latency';
import type { ProfileScenario } from '../targets/targets';

const [scenario, workerDir, mode] = process.argv.slice(2) as [ProfileScenario, string, string];
const scale = mode === 'full' ? 4 : 1;
const workerExecArgv = ['--cpu-prof', `--cpu-prof-dir=${workerDir}`];

const SCENARIOS: Record<ProfileScenario, () => Promise<unknown>> = {
  chain: async () => { for (let i = 0; i < 3; i++) await necrostackChain(100_000 * scale); },
  dto: async () => { for (let i = 0; i < 3; i++) await dtoOrgan(50_000 * scale); },
  'latency-memory': () => dispatchLatency(100_000, 2 * scale),
  'redis-throughput': () => necrostackWorkers(100_000 * scale, 'single', 1, { execArgv: workerExecArgv }),
  'redis-latency': () => redisLatency({ kind: 'necrostack', rate: 5_000, seconds: 3 * scale, warmUpSeconds: 0.5, workerExecArgv }),
};

// Started outside the module loader, so the summary can leave startup out without losing any of it.
setImmediate(() => {
  SCENARIOS[scenario]().then(
    () => process.exit(0),
    (error: unknown) => { console.error(error); process.exit(1); },
  );
});
