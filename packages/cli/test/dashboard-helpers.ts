import { randomUUID } from 'node:crypto';
import { startDashboard, type DashboardOptions, type RunningDashboard } from '../src/dashboard/start-dashboard';
import { REDIS_URL, withRedis } from './helpers';
import type { TestSpace } from './test-space';

/** The token the dashboard tests start with. */
export const TOKEN = 'test-token-0123456789abcdef';

const running: RunningDashboard[] = [];

/** Starts a dashboard on a free port for this test's stream (sampling every 200 ms); closed by {@link closeDashboards}. */
export async function openDashboard(space: TestSpace, options: Partial<DashboardOptions> = {}): Promise<RunningDashboard> {
  const dashboard = await startDashboard({
    backend: REDIS_URL, stream: space.stream, consumerGroup: 'necrostack', port: 0, intervalMs: 200, token: TOKEN, ...options,
  });
  running.push(dashboard);
  return dashboard;
}

/** Closes the dashboards this test opened. Call after each test, before the test space cleans up. */
export async function closeDashboards(): Promise<void> {
  await Promise.all(running.splice(0).map((d) => d.close()));
}

/** How {@link call} sends a request. */
export interface CallOptions {
  /** The token sent as X-Necro-Token (none when null; default {@link TOKEN}). */
  readonly token?: string | null;
  /** A JSON body: makes it a POST. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** Calls the dashboard's API; resolves with the status and the parsed JSON body. */
export async function call<T = Record<string, unknown>>(dashboard: RunningDashboard, path: string, options: CallOptions = {}): Promise<{ status: number; body: T }> {
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = { ...(token === null ? {} : { 'x-necro-token': token }), ...options.headers };
  const init: RequestInit = options.body === undefined
    ? { headers }
    : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(options.body) };
  const response = await fetch(new URL(path, dashboard.url), init);
  return { status: response.status, body: (await response.json()) as T };
}

/** A dead letter to plant. */
export interface PlantedLetter {
  readonly organ?: string;
  readonly errorClass?: string;
  readonly reason?: string;
  readonly eventType?: string;
  /** Entry id to write it at (default `*`). */
  readonly at?: string;
}

/** Writes a dead letter as a worker would (for the organ's group); resolves with its entry id and its event's id. */
export async function plantDeadLetter(space: TestSpace, letter: PlantedLetter = {}): Promise<{ id: string; eventId: string }> {
  const eventId = randomUUID();
  const organ = letter.organ ?? 'Recorder';
  const event = JSON.stringify({ id: eventId, timestamp: new Date().toISOString(), event_type: letter.eventType ?? 'REC', payload: { planted: true } });
  const id = await withRedis((redis) => redis.sendCommand([
    'XADD', space.dlq, letter.at ?? '*', 'original_id', '', 'event', event, 'reason', letter.reason ?? `${organ} failed on purpose`,
    'failed_at', new Date().toISOString(), 'organ', organ, 'error_class', letter.errorClass ?? 'Error', 'error_code', '',
    'attempts', '3', 'group', organ, 'stream', space.stream,
  ])) as string;
  return { id, eventId };
}
