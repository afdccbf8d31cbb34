#!/usr/bin/env node
/** The NestJS example's command line: starts the HTTP application. See README.md. */
import 'reflect-metadata';
import { parseExampleArgs, runMain } from '@necrostack/example-support';
import { DEFAULT_PORT, startApp } from './bootstrap';

runMain(async () => {
  const args = parseExampleArgs(process.argv.slice(2), { port: 'string', 'stream-key': 'string' });
  const port = Number(args.extra.port ?? process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, got ${String(args.extra.port)}`);
  const streamKey = args.extra['stream-key'] as string | undefined;
  const { url } = await startApp({ port, backend: args.backend, ...(streamKey === undefined ? {} : { streamKey }) });
  process.stderr.write(`Listening on ${url} (backend: ${args.backend === 'memory' ? 'memory' : 'redis'}); Ctrl+C stops it\n`);
});
