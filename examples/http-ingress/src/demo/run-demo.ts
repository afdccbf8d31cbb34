import type { PayloadViolation } from '@necrostack/core';
import { setTimeout as delay } from 'node:timers/promises';
import type { OrderStatusRecord } from '../store/order-status';
import { SAMPLE_ORDERS } from './sample-orders';

/** How long the demo waits for every order to leave `queued` (ms). */
export const DEFAULT_SETTLE_TIMEOUT_MS = 10_000;
const POLL_EVERY_MS = 20;

/** A request the API refused with 400. */
export interface InvalidOrder {
  readonly body: unknown;
  readonly violations: readonly PayloadViolation[];
}

/** One queued order as it ended, with what was asked. */
export interface DemoOrder extends OrderStatusRecord {
  readonly customerId: string;
}

/** What the demo prints: the last line of stdout with `--json`. */
export interface DemoSummary {
  readonly backend: 'memory' | 'redis';
  readonly accepted: number;
  readonly rejected: number;
  readonly invalid: readonly InvalidOrder[];
  readonly orders: readonly DemoOrder[];
}

/**
 * Plays a client: posts the sample orders to `baseUrl` over real HTTP, one after the other, then
 * polls `GET /orders/:id` until none is `queued` any more.
 * @throws Error when an answer is not the expected one, or orders are still queued after `timeoutMs`.
 */
export async function runDemo(baseUrl: string, backend: 'memory' | 'redis', timeoutMs = DEFAULT_SETTLE_TIMEOUT_MS): Promise<DemoSummary> {
  const queued: { eventId: string; customerId: string }[] = [];
  const invalid: InvalidOrder[] = [];
  for (const body of SAMPLE_ORDERS) {
    const response = await fetch(`${baseUrl}/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { eventId?: string; violations?: PayloadViolation[] };
    if (response.status === 202 && answer.eventId) queued.push({ eventId: answer.eventId, customerId: String(body.customerId) });
    else if (response.status === 400 && answer.violations) invalid.push({ body, violations: answer.violations });
    else throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(answer)}`);
  }
  const orders = await settle(baseUrl, queued, timeoutMs);
  return {
    backend,
    accepted: orders.filter((order) => order.status === 'accepted').length,
    rejected: orders.filter((order) => order.status === 'rejected').length,
    invalid,
    orders,
  };
}

async function settle(baseUrl: string, queued: readonly { eventId: string; customerId: string }[], timeoutMs: number): Promise<DemoOrder[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const orders = await Promise.all(queued.map(async ({ eventId, customerId }) => ({ customerId, ...(await getOrder(baseUrl, eventId)) })));
    const waiting = orders.filter((order) => order.status === 'queued');
    if (waiting.length === 0) return orders;
    if (Date.now() >= deadline) {
      throw new Error(`${waiting.length} order(s) still queued after ${timeoutMs} ms: is a worker running on the same --backend and --stream?`);
    }
    await delay(POLL_EVERY_MS);
  }
}

async function getOrder(baseUrl: string, eventId: string): Promise<OrderStatusRecord> {
  const response = await fetch(`${baseUrl}/orders/${eventId}`);
  const answer = (await response.json()) as OrderStatusRecord;
  if (response.status !== 200) throw new Error(`GET /orders/${eventId} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}
