import { maskSecrets, type Logger } from '@necrostack/core';
import { DEFAULT_PORT, DEFAULT_STREAM_KEY, startApp, type App } from '../app';
import type { CliArgs } from '../cli-args';
import { EXAMPLE_ORDER } from '../http/http-errors';

/**
 * Serves until SIGINT or SIGTERM, then shuts down gracefully: the API stops accepting requests, the
 * worker finishes what is in flight, the backend closes.
 * @throws the worker's error when it stopped on its own (e.g. Redis stayed down).
 */
export async function serveCommand(args: CliArgs, logger: Logger): Promise<void> {
  const streamKey = args.stream ?? DEFAULT_STREAM_KEY;
  const app = await startApp({ role: args.role, backend: args.backend, streamKey, port: args.port ?? DEFAULT_PORT, logger });
  const where = app.infrastructure.kind === 'memory' ? 'the memory backend' : `${maskSecrets(args.backend)} (stream ${streamKey})`;
  process.stdout.write(banner(app, where));
  let onSignal: (() => void) | undefined;
  const signalled = new Promise<void>((resolve) => {
    onSignal = resolve;
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  try {
    const workerFailed = app.worker?.done.then(() => new Promise<void>(() => undefined)); // never resolves on its own
    await Promise.race(workerFailed ? [signalled, workerFailed] : [signalled]);
  } finally {
    process.off('SIGINT', onSignal as () => void);
    process.off('SIGTERM', onSignal as () => void);
    await app.close();
  }
}

function banner(app: App, where: string): string {
  const lines = [`http-ingress: role ${app.role} on ${where}`];
  if (app.url) {
    lines.push(`  API on ${app.url}`);
    lines.push(`  curl -s -X POST ${app.url}/orders -H 'content-type: application/json' -d '${EXAMPLE_ORDER}'`);
  }
  if (app.worker) lines.push('  worker: ReserveStock, Notifier');
  lines.push('Ctrl-C to stop');
  return `${lines.join('\n')}\n`;
}
