import type { Server } from 'node:http';
import { RedisKeys, type RedisBackend, type RedisLayout } from '@necrostack/backend-redis';
import { maskSecrets } from '@necrostack/core';
import { cannotConnect, openRedisBackend } from '../config/backend';
import { DEFAULT_CLI_TIMEOUT_MS, type ConnectionFlags } from '../config/env';
import { CliError } from '../output/cli-error';
import type { ActionsState, DashboardConfig } from './dashboard-api';
import { connectDashboardRedis, type DashboardRedis } from './dashboard-redis';
import { DEFAULT_DASHBOARD_HOST, DEFAULT_DASHBOARD_PORT, DEFAULT_HISTORY_LENGTH, DEFAULT_SAMPLE_INTERVAL_MS, DEFAULT_STALE_AFTER_MS } from './dashboard-defaults';
import { createDashboardServer } from './dashboard-server';
import { Sampler } from './sampler';
import { checkExposure } from './security';

/**
 * Settings of {@link startDashboard}: where the events are (as for every command), and how to serve.
 * @example
 * ```ts
 * const options: DashboardOptions = { backend: 'redis://127.0.0.1:6379', stream: 'necrostack:events', consumerGroup: 'necrostack', readOnly: true };
 * ```
 */
export interface DashboardOptions extends ConnectionFlags {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
  readonly readOnly?: boolean;
  readonly layout?: RedisLayout;
  readonly intervalMs?: number;
  readonly staleAfterMs?: number;
}

/**
 * A dashboard that serves until {@link RunningDashboard.close}.
 * @example
 * ```ts
 * const dashboard: RunningDashboard = await startDashboard(options);
 * process.once('SIGTERM', () => void dashboard.close());
 * ```
 */
export interface RunningDashboard {
  /** `http://host:port/`. */
  readonly url: string;
  readonly config: DashboardConfig;
  close(): Promise<void>;
}

/**
 * Connects to Redis, takes a first sample, and serves the dashboard (the page and its API).
 *
 * @throws CliError when the setup would expose it (a non-loopback host without a token), when
 * Redis cannot be reached, or when the port is taken.
 * @example
 * ```ts
 * const dashboard = await startDashboard({ backend: 'redis://127.0.0.1:6379', stream: 'necrostack:events', consumerGroup: 'necrostack', token });
 * console.log(dashboard.url);
 * await dashboard.close();
 * ```
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? DEFAULT_DASHBOARD_HOST;
  checkExposure(host, options.token);
  const timeoutMs = options.timeout ?? DEFAULT_CLI_TIMEOUT_MS;
  const backend = openRedisBackend({ ...options, timeout: timeoutMs }, 'dashboard');
  const keys = new RedisKeys({ streamKey: options.stream, consumerGroup: options.consumerGroup, layout: options.layout ?? 'single', partitions: options.partitions });
  let redis: DashboardRedis | undefined;
  try {
    await backend.connect();
    redis = await connectDashboardRedis(options.backend, timeoutMs, keys.streamKey);
  } catch (error) {
    redis?.close();
    await backend.close();
    throw cannotConnect(options, error);
  }
  const intervalMs = options.intervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  const sampler = new Sampler(redis, keys, { intervalMs, historyLength: DEFAULT_HISTORY_LENGTH, staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS });
  const config: DashboardConfig = {
    backend: maskSecrets(options.backend), stream: options.stream, deadLetterStream: keys.dlq, actions: actionsState(options), intervalMs,
  };
  const server = createDashboardServer({ backend, redis, sampler, config }, { host, token: options.token, readOnly: options.readOnly ?? false });
  const close = closer(server, sampler, redis, backend);
  try {
    await sampler.start();
    const port = await listen(server, host, options.port ?? DEFAULT_DASHBOARD_PORT);
    return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`, config, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function actionsState(options: DashboardOptions): ActionsState {
  return options.readOnly ? 'read-only' : options.token === undefined ? 'no-token' : 'enabled';
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new CliError(`Cannot serve the dashboard on ${host}:${port}: ${error.code ?? error.message}`, {
      cause: error, help: error.code === 'EADDRINUSE' ? 'pick another --port' : 'check --host',
    })));
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

function closer(server: Server, sampler: Sampler, redis: DashboardRedis, backend: RedisBackend): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => closing ??= (async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await sampler.stop();
    redis.close();
    await backend.close();
  })();
}
