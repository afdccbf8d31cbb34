import { silentLogger } from '@necrostack/core';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createClient } from 'redis';
import { startApp, type App, type AppOptions } from '../src/app';
import { runDemo } from '../src/demo/run-demo';
import type { OrderStatusRecord } from '../src/store/order-status';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const VALID = { customerId: 'c-1', sku: 'WIDGET-1', quantity: 2 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const running: App[] = [];
afterEach(async () => {
  // In start order: the API stops before the worker, and the app that owns the keys deletes them last.
  for (const app of running.splice(0)) await app.close();
});

async function start(options: Partial<AppOptions> = {}): Promise<App> {
  const app = await startApp({ port: 0, logger: silentLogger, ...options });
  running.push(app);
  return app;
}

interface Answer {
  readonly statusCode: number;
  readonly headers: Headers;
  json<T = any>(): T; // any: each test checks the shape it expects
}

/**
 * One real HTTP request. (Fastify's inject() cannot load under jest here: light-my-request@6.8
 * requires cookie@2, an ES module, and jest's CommonJS runtime cannot require it.)
 */
async function call(app: App, method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
  const headers = body === undefined ? undefined : { 'content-type': contentType };
  const response = await fetch(`${app.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { statusCode: response.status, headers: response.headers, json: () => JSON.parse(text) };
}

async function postOrder(app: App, body: unknown): Promise<Answer> {
  return call(app, 'POST', '/orders', typeof body === 'string' ? body : JSON.stringify(body));
}

/** Polls `GET /orders/:id` until the order is no longer queued; fails after `timeoutMs`. */
async function settled(app: App, eventId: string, timeoutMs = 5_000): Promise<OrderStatusRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = (await call(app, 'GET', `/orders/${eventId}`)).json<OrderStatusRecord>();
    if (record.status !== 'queued') return record;
    if (Date.now() > deadline) throw new Error(`order ${eventId} still queued after ${timeoutMs} ms`);
    await delay(10);
  }
}

async function redisKeys(prefix: string): Promise<string[]> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
    return keys;
  } finally {
    client.destroy();
  }
}

describe('POST /orders on the in-memory backend', () => {
  it('queues a valid order (202) and the worker accepts it', async () => {
    const app = await start();
    const response = await postOrder(app, VALID);
    expect(response.statusCode).toBe(202);
    const { eventId, status } = response.json<{ eventId: string; status: string }>();
    expect(eventId).toMatch(UUID);
    expect(status).toBe('queued');
    expect(response.headers.get('location')).toBe(`/orders/${eventId}`);
    expect(await settled(app, eventId)).toMatchObject({ eventId, status: 'accepted', sku: 'WIDGET-1', quantity: 2, remaining: 8 });
  });

  it('ends rejected, with the reason, when the stock cannot serve the order', async () => {
    const app = await start();
    const { eventId } = (await postOrder(app, { ...VALID, sku: 'GIZMO-3' })).json<{ eventId: string }>();
    expect(await settled(app, eventId)).toMatchObject({ status: 'rejected', reason: 'GIZMO-3 is out of stock' });
  });

  it('answers 400 listing every failing property and constraint, and enqueues nothing', async () => {
    const app = await start();
    const response = await postOrder(app, { customerId: '', sku: 'widget one', quantity: 1.5 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'PayloadValidationError',
      message: expect.stringContaining('does not match PlaceOrderDto'),
      violations: [
        { property: 'customerId', constraints: { matches: 'customerId must not be empty' } },
        { property: 'sku', constraints: { matches: expect.stringContaining('sku must be 3 to 32 upper-case') } },
        { property: 'quantity', constraints: { isInt: 'quantity must be an integer' } },
      ],
    });
    expect(app.worker!.spine.getStats().eventsProcessed).toBe(0);
  });

  it('answers 400 with a clear message for a malformed JSON body', async () => {
    const app = await start();
    const response = await postOrder(app, '{"customerId": "c-1",');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'MalformedJsonError', message: expect.stringMatching(/^The request body is not valid JSON \(.+\)/) });
  });

  it('answers 400 for a JSON body that is not an object, and 415 for a body that is not JSON', async () => {
    const app = await start();
    const array = await postOrder(app, [VALID]);
    expect(array.statusCode).toBe(400);
    expect(array.json().violations).toEqual([{ property: '(body)', constraints: { isObject: 'the body must be a JSON object' } }]);
    const text = await call(app, 'POST', '/orders', 'hi', 'text/plain');
    expect(text.statusCode).toBe(415);
  });

  it('answers 404 for an unknown order id', async () => {
    const app = await start();
    const response = await call(app, 'GET', `/orders/${randomUUID()}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'NotFound' });
  });

  it('listens on 127.0.0.1 only: a client sees request → event → organ → result', async () => {
    const app = await start();
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const posted = await fetch(`${app.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(VALID) });
    expect(posted.status).toBe(202);
    const { eventId } = (await posted.json()) as { eventId: string };
    expect(await settled(app, eventId)).toMatchObject({ status: 'accepted' });
    const health = await fetch(`${app.url}/healthz`);
    expect(await health.json()).toEqual({ healthy: true, backend: 'memory' });
  });

  it('plays the demo: two accepted, two rejected, one refused with its violations', async () => {
    const app = await start();
    const summary = await runDemo(app.url!, 'memory');
    expect(summary).toMatchObject({ accepted: 2, rejected: 2 });
    expect(summary.orders.map((order) => order.status)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
    expect(summary.invalid).toHaveLength(1);
    expect(summary.invalid[0].violations.map((v) => v.property)).toEqual(['customerId', 'sku', 'quantity']);
  });

  it('refuses to split the API and the worker over the in-memory backend', async () => {
    await expect(startApp({ role: 'api', logger: silentLogger, port: 0 })).rejects.toThrow(/--backend redis:\/\//);
  });
});

describe('on the Redis backend', () => {
  let streamKey: string;
  beforeEach(() => {
    streamKey = `necrostack-test:${randomUUID()}`;
  });

  it('runs the whole flow, reports health, and deletes its keys on close', async () => {
    const app = await start({ backend: REDIS_URL, streamKey, deleteKeysOnClose: true });
    const posted = await fetch(`${app.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(VALID) });
    expect(posted.status).toBe(202);
    const { eventId } = (await posted.json()) as { eventId: string };
    expect(await settled(app, eventId)).toMatchObject({ status: 'accepted', remaining: 8 });
    const invalid = await postOrder(app, { ...VALID, quantity: 0 });
    expect(invalid.statusCode).toBe(400);
    const health = await call(app, 'GET', '/healthz');
    expect(health.statusCode).toBe(200);
    const report = health.json();
    expect(report).toMatchObject({ healthy: true, backend: 'redis', details: { connected: true, deadLetters: 0 } });
    expect(report.details.streams).toContainEqual(expect.objectContaining({ key: streamKey }));
    await running.pop()!.close();
    expect(await redisKeys(streamKey)).toEqual([]);
  });

  it('lets an API process and a worker process share only the backend', async () => {
    const api = await start({ role: 'api', backend: REDIS_URL, streamKey });
    const worker = await start({ role: 'worker', backend: REDIS_URL, streamKey, deleteKeysOnClose: true });
    expect(api.worker).toBeUndefined();
    expect(worker.server).toBeUndefined();
    const { eventId } = (await postOrder(api, { ...VALID, sku: 'GADGET-2', quantity: 3 })).json<{ eventId: string }>();
    expect(await settled(api, eventId)).toMatchObject({ status: 'accepted', remaining: 0 });
  });
});
