import { fork, type ChildProcess } from 'node:child_process';
import { sampleAllocations } from './allocations';

/** A message between the bench and a worker process: `{ type, ...fields }`. */
export interface WorkerMessage {
  readonly type: string;
  readonly [field: string]: unknown;
}

const live = new Set<ChildProcess>();

/** Kills every worker process still running. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

// Whatever happens to the bench, the workers it started do not outlive it.
process.once('exit', killAll);

/**
 * A forked worker process with bounded waits: `next` resolves with the first message of a type
 * (received before or after the call), `stop` asks it to finish and kills it if it does not.
 */
export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly inbox: WorkerMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private exited: string | null = null;

  constructor(script: string, args: readonly string[], execArgv: readonly string[] = []) {
    this.child = fork(script, [...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [...execArgv] });
    live.add(this.child);
    this.child.on('message', (message: WorkerMessage) => { this.inbox.push(message); this.wake(); });
    // 'close', not 'exit': it comes after the IPC channel closed, so no message is still on its way.
    this.child.on('close', (code, signal) => {
      live.delete(this.child);
      this.exited = `exited with ${signal ?? code}`;
      this.wake();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: WorkerMessage): void {
    if (this.exited === null && this.child.connected) this.child.send(message);
  }

  /** The first message of `type`; rejects when the worker exits first or after `timeoutMs`. */
  next(type: string, timeoutMs: number): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error(`worker sent no "${type}" within ${timeoutMs} ms`)); }, timeoutMs);
      const check = (): void => {
        const index = this.inbox.findIndex((m) => m.type === type);
        if (index >= 0) {
          const [message] = this.inbox.splice(index, 1);
          settle(() => resolve(message as WorkerMessage));
        } else if (this.exited !== null) {
          settle(() => reject(new Error(`worker ${this.exited} before sending "${type}"`)));
        }
      };
      const settle = (done: () => void): void => { clearTimeout(timer); this.waiters.delete(check); done(); };
      this.waiters.add(check);
      check();
    });
  }

  /** Asks the worker to stop and reply `stopped`; kills it after `timeoutMs`. Never throws. */
  async stop(timeoutMs = 10_000): Promise<WorkerMessage | undefined> {
    if (this.exited !== null) return undefined;
    this.send({ type: 'stop' });
    const reply = await this.next('stopped', timeoutMs).catch(() => undefined);
    await this.exit(timeoutMs);
    return reply;
  }

  /** Kills the worker unless it exits within `timeoutMs`. */
  async exit(timeoutMs: number): Promise<void> {
    if (this.exited !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await gone;
    clearTimeout(timer);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Stops every worker, in parallel. */
export async function stopAll(workers: readonly WorkerProcess[], timeoutMs = 10_000): Promise<(WorkerMessage | undefined)[]> {
  return Promise.all(workers.map((w) => w.stop(timeoutMs)));
}

/** Worker side: sends a message to the bench; resolves once it is handed over (at once when not forked). */
export function tell(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

/** Worker side: peak RSS of this process in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** What a worker measures about itself between `ready` and `stop`. */
export interface WorkerMeasures {
  /** Sample the JS heap's allocations (see sampleAllocations): `stopped` says `allocatedBytes`. */
  readonly allocations?: boolean;
}

/**
 * Worker side: the life of a worker process. Runs `start`, says `ready`; on `stop` awaits the
 * function `start` returned, says `stopped` with the fields it resolved with, the peak RSS, the
 * CPU time (user + system, µs) it used since `ready` and, when `measures.allocations`, the bytes it
 * allocated since `ready`; and exits 0. Other messages go to `onMessage`. Exits 1 when the bench
 * goes away or `start` fails.
 */
export function serveWorker(
  start: () => Promise<() => Promise<Record<string, unknown>>>,
  onMessage: (message: WorkerMessage) => void = () => undefined,
  measures: WorkerMeasures = {},
): void {
  const run = async (): Promise<void> => {
    const stop = await start();
    const stopSampling = measures.allocations ? await sampleAllocations() : undefined;
    const cpuAtReady = process.cpuUsage();
    process.on('message', (message: WorkerMessage) => {
      if (message.type !== 'stop') return onMessage(message);
      void stop().then(async (fields) => {
        const cpu = process.cpuUsage(cpuAtReady);
        const allocatedBytes = await stopSampling?.();
        await tell({ type: 'stopped', ...fields, rssMb: peakRssMb(), cpuMicros: cpu.user + cpu.system, ...(allocatedBytes === undefined ? {} : { allocatedBytes }) });
        process.exit(0);
      });
    });
    process.on('disconnect', () => process.exit(1));
    await tell({ type: 'ready' });
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
