import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Event, createLogger } from '@necrostack/core';
import { RedisBackend } from '@necrostack/backend-redis';
import { quantile } from '../lib/stats';
import { REDIS_URL, deleteKeys } from './redis-info';

export interface RedisLatency {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Enqueue → handler in milliseconds at a steady `rate`, with the worker in its own process. */
export async function necrostackLatency(rate: number, seconds: number): Promise<RedisLatency> {
  const streamKey = `necrostack-bench:${randomUUID()}`;
  const total = rate * seconds;
  const worker = fork(join(__dirname, 'latency-worker.js'), [streamKey, String(total)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const report = new Promise<number[]>((resolve, reject) => {
    worker.on('message', (message: { delays?: number[] }) => { if (message.delays) resolve(message.delays); });
    worker.on('exit', (code) => reject(new Error(`latency worker exited with ${code}`)));
  });
  await new Promise((resolve) => worker.once('message', resolve));
  const backend = new RedisBackend({ url: REDIS_URL, streamKey, logger: createLogger({ stream: 'stderr', level: 'warn' }) });
  try {
    const started = performance.now();
    for (let sent = 0; sent < total;) {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
      const batch: Event[] = [];
      for (; sent < due; sent++) batch.push(new Event('TICK', { n: sent, sentAt: performance.timeOrigin + performance.now() }));
      if (batch.length > 0) await backend.enqueue(batch);
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const delays = (await withTimeout(report, 30_000)).sort((a, b) => a - b);
    return { p50: quantile(delays, 0.5), p90: quantile(delays, 0.9), p99: quantile(delays, 0.99), max: delays[delays.length - 1] ?? NaN };
  } finally {
    worker.removeAllListeners('exit');
    worker.send('stop');
    await new Promise((resolve) => { worker.once('exit', resolve); setTimeout(() => { worker.kill('SIGKILL'); resolve(undefined); }, 5000).unref(); });
    await backend.close();
    await deleteKeys(streamKey);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('latency run timed out')), ms).unref())]);
}
