// The example end to end: the real Nest HTTP app on a free 127.0.0.1 port, driven with fetch.
import { randomUUID } from 'node:crypto';
import { deleteKeys } from '@necrostack/example-support';
import { waitFor } from '@necrostack/testkit';
import { startApp, type RunningApp } from '../src/bootstrap';
import type { Payment } from '../src/billing/payments.service';
import type { SentMail } from '../src/notifications/mailer';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ORDER = { customerEmail: 'ada@example.com', sku: 'WIDGET-1', quantity: 2, unitPriceCents: 1_250 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function post(app: RunningApp, body: unknown): Promise<{ status: number; body: any }> { // any: each test checks the shape
  const response = await fetch(`${app.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function get<T>(app: RunningApp, path: string): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(`${app.url}${path}`);
  const text = await response.text();
  return { status: response.status, text, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : (text as T) };
}

/** Polls GET /notifications until the order's mail is there. */
async function mailFor(app: RunningApp, orderId: string): Promise<SentMail> {
  let found: SentMail | undefined;
  await waitFor(async () => {
    found = (await get<SentMail[]>(app, '/notifications')).body.find((mail) => mail.subject.includes(orderId));
    return found !== undefined;
  }, `the notification of ${orderId}`, 10_000);
  return found as SentMail;
}

/** The scenario, the same on both backends. */
function describeScenario(name: string, options: () => { backend: string; streamKey?: string }) {
  describe(name, () => {
    let app: RunningApp;
    beforeAll(async () => { app = await startApp({ port: 0, logger: false, ...options() }); });
    afterAll(async () => { await app.app.close(); });

    it('POST /orders takes a valid order (202), billing charges it and notifications mails the customer', async () => {
      const placed = await post(app, ORDER);
      expect(placed.status).toBe(202);
      expect(placed.body.orderId).toMatch(UUID);

      const mail = await mailFor(app, placed.body.orderId);

      expect(mail).toEqual({ to: 'ada@example.com', subject: `Order ${placed.body.orderId} confirmed (payment ${mail.subject.match(/pay-\d+/)?.[0]})` });
      const payments = (await get<Payment[]>(app, '/payments')).body;
      expect(payments).toContainEqual(expect.objectContaining({ orderId: placed.body.orderId, amountCents: 2_500 }));
    });

    it('declines an order over the credit limit, and says why', async () => {
      const placed = await post(app, { ...ORDER, quantity: 100 });
      expect(placed.status).toBe(202);
      const mail = await mailFor(app, placed.body.orderId);
      expect(mail.subject).toBe(`Order ${placed.body.orderId} declined: $1250.00 is over the credit limit of $100.00`);
    });

    it('answers 400 naming every invalid property, and publishes nothing', async () => {
      const before = (await get<Payment[]>(app, '/payments')).body.length;
      const refused = await post(app, { customerEmail: 'not-an-email', sku: 'WIDGET-1', quantity: 0, unitPriceCents: 1, coupon: 'FREE' });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toEqual(expect.arrayContaining([
        'property coupon should not exist', 'customerEmail must be an email', 'quantity must not be less than 1',
      ]));
      const metrics = (await get<string>(app, '/metrics')).text;
      expect(metrics).not.toMatch(/necro_events_failed_total\{organ="ChargeOrder"/);
      expect((await get<Payment[]>(app, '/payments')).body).toHaveLength(before);
    });

    it('GET /health is up (terminus), GET /metrics counts the organs\' deliveries', async () => {
      const health = await get<{ status: string; info: Record<string, { status: string; spine: string }> }>(app, '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', info: { necrostack: { status: 'up', spine: 'running', backend: expect.stringMatching(/^InstrumentedBackend\((InMemory|Redis)Backend\)$/) } } });

      const metrics = await get<string>(app, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toMatch(/^necro_events_handled_total\{organ="ChargeOrder",event_type="ORDER_PLACED"\} 2$/m);
      expect(metrics.text).toMatch(/^necro_events_handled_total\{organ="NotifyCustomer",event_type="PAYMENT_DECLINED"\} 1$/m);
      expect(metrics.text).toMatch(/^necro_handler_duration_seconds_count\{organ="NotifyCustomer",event_type="PAYMENT_CAPTURED",outcome="ok"\} 1$/m);
    });
  });
}

describeScenario('the NestJS example on the in-memory backend (the default)', () => ({ backend: 'memory' }));

describe('on Redis', () => {
  const streamKey = `necrostack-test:${randomUUID()}`;
  afterAll(() => deleteKeys(REDIS_URL, streamKey));
  describeScenario('the NestJS example on Redis (--backend)', () => ({ backend: REDIS_URL, streamKey }));
});
