import type { Logger } from '@necrostack/core';
import { randomUUID } from 'node:crypto';
import { DEFAULT_STREAM_KEY, startApp } from '../app';
import type { CliArgs } from '../cli-args';
import { runDemo, type DemoSummary } from '../demo/run-demo';

/**
 * `--demo`: starts the service on 127.0.0.1 (a free port unless `--port`), plays the client over
 * HTTP, closes everything. A one-process demo on Redis uses a stream of its own
 * (`necrostack:example:http-ingress:<uuid>`), deleted afterwards, unless `--stream` names one;
 * `--role api` uses the shared stream, so a worker started separately decides the orders.
 */
export async function demoCommand(args: CliArgs, logger: Logger): Promise<DemoSummary> {
  const ownStream = args.role === 'all' && args.stream === undefined && args.backend !== 'memory';
  const app = await startApp({
    role: args.role,
    backend: args.backend,
    streamKey: ownStream ? `${DEFAULT_STREAM_KEY}:${randomUUID()}` : (args.stream ?? DEFAULT_STREAM_KEY),
    port: args.port ?? 0,
    logger,
    deleteKeysOnClose: ownStream,
  });
  try {
    const health = await app.infrastructure.health();
    if (!health.healthy) throw new Error(`the backend is not reachable: ${String((health.details as { error?: string } | undefined)?.error ?? 'unhealthy')}`);
    return await runDemo(app.url as string, app.infrastructure.kind);
  } finally {
    await app.close();
  }
}
