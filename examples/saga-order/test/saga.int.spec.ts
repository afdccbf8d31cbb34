import { silentLogger } from '@necrostack/core';
import { join } from 'node:path';
import { runSaga, type SagaOptions } from '../src/saga';
import type { SagaSummary } from '../src/summary/summary';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const QUIET: SagaOptions = { logger: silentLogger };
const SAMPLE = join(__dirname, '..', 'data', 'sample_orders.json');

/**
 * What must not depend on the backend. The Spine's counters do: how many of the payment timeouts
 * (ignored once the payment answered) came before the run ended depends on timing.
 */
const comparable = ({ backend: _b, durationMs: _d, stats: _s, ...rest }: SagaSummary) => rest;

/** The invariants of the saga, whatever the failures: checked independently of the summary's own verdict. */
function expectEveryOrderSettled(summary: SagaSummary): void {
  for (const order of summary.orderOutcomes) {
    expect(order.problem).toBeNull();
    expect(order.path).toMatch(/^PLACED → /);
    switch (order.state) {
      case 'CONFIRMED':
        expect(order.path).toBe('PLACED → PAID → RESERVED → CONFIRMED');
        break;
      case 'CANCELLED':
        expect(order.path).toBe('PLACED → CANCELLED');
        expect(order.failure).toMatch(/^payment failed: (card declined by the issuer|no answer within \d+ ms)$/);
        break;
      case 'COMPENSATED':
        expect(order.path).toBe('PLACED → PAID → COMPENSATING → INVENTORY_RELEASED → COMPENSATED');
        expect(order.failure).toMatch(/^inventory failed: /);
        break;
      default:
        throw new Error(`${order.orderId} ended in ${order.state}`);
    }
  }
  const confirmed = summary.orderOutcomes.filter((o) => o.state === 'CONFIRMED');
  const confirmedCents = confirmed.reduce((sum, o) => sum + o.amountCents, 0);
  const compensatedCents = summary.orderOutcomes.filter((o) => o.state === 'COMPENSATED').reduce((sum, o) => sum + o.amountCents, 0);
  expect(summary.money.heldCents).toBe(confirmedCents);
  expect(summary.money.refundedCents).toBe(compensatedCents);
  expect(summary.money.chargedCents).toBe(confirmedCents + compensatedCents);
  expect(summary.stock.balanced).toBe(true);
  expect(summary.stock.shippedUnits).toBe(summary.stock.confirmedUnits);
  expect(summary.outcomes.UNFINISHED).toBe(0);
  expect(summary.consistent).toBe(true);
}

describe.each([1, 42, 2024])('the saga with seed %i', (seed) => {
  let summary: SagaSummary;

  beforeAll(async () => {
    summary = await runSaga({ ...QUIET, seed, orders: 40 });
  });

  it('ends every order confirmed or fully compensated, with money and stock balanced', () => {
    expect(summary.orderOutcomes).toHaveLength(40);
    expectEveryOrderSettled(summary);
    // A failure rate of 0.2 over 40 orders takes each path at least once.
    expect(summary.outcomes.CONFIRMED).toBeGreaterThan(0);
    expect(summary.outcomes.CANCELLED).toBeGreaterThan(0);
    expect(summary.outcomes.COMPENSATED).toBeGreaterThan(0);
  });


  it('emits one event per step taken', () => {
    const { outcomes, countsByType: counts } = summary;
    const declined = summary.orderOutcomes.filter((o) => o.failure?.startsWith('payment failed: card declined')).length;
    expect(counts).toEqual({
      ORDER_PLACED: 40,
      CHARGE_PAYMENT: 40,
      PAYMENT_PROCESSED: outcomes.CONFIRMED + outcomes.COMPENSATED,
      INVENTORY_RESERVED: outcomes.CONFIRMED,
      SHIP_ORDER: outcomes.CONFIRMED,
      ORDER_SHIPPED: outcomes.CONFIRMED,
      ORDER_CONFIRMED: outcomes.CONFIRMED,
      PAYMENT_FAILED: declined,
      ORDER_CANCELLED: outcomes.CANCELLED,
      INVENTORY_FAILED: outcomes.COMPENSATED,
      RELEASE_INVENTORY: outcomes.COMPENSATED,
      REFUND_PAYMENT: outcomes.COMPENSATED,
      ORDER_COMPENSATED: outcomes.COMPENSATED,
    });
    expect(summary.deadLetters).toEqual([]);
  });

  it('gives the same result on Redis', async () => {
    const onRedis = await runSaga({ ...QUIET, seed, orders: 40, backend: REDIS_URL });
    expect(onRedis.backend).toBe('redis');
    expect(comparable(onRedis)).toEqual(comparable(summary));
  });

  it('gives the same result on PostgreSQL', async () => {
    const onPostgres = await runSaga({ ...QUIET, seed, orders: 40, backend: POSTGRES_URL });
    expect(onPostgres.backend).toBe('postgres');
    expect(comparable(onPostgres)).toEqual(comparable(summary));
  });
});

describe('a payment that never answers', () => {
  it('cancels the order once the saga\'s timeout came, with nothing charged', async () => {
    const summary = await runSaga({ ...QUIET, seed: 2024, orders: 40, paymentTimeoutMs: 100 });
    const unanswered = summary.orderOutcomes.filter((o) => o.failure?.startsWith('payment failed: no answer'));
    expect(unanswered.length).toBeGreaterThan(0); // seed 2024: 3 of 40
    expect(unanswered.every((o) => o.state === 'CANCELLED' && o.failure === 'payment failed: no answer within 100 ms')).toBe(true);
    expect(summary.countsByType.ORDER_CANCELLED).toBe(summary.outcomes.CANCELLED);
    expectEveryOrderSettled(summary);
  });

  it('gives the same outcomes when the timeouts come before the answers (the saga asks the payment service)', async () => {
    const patient = await runSaga({ ...QUIET, seed: 2024, orders: 40, paymentTimeoutMs: 100 });
    const hasty = await runSaga({ ...QUIET, seed: 2024, orders: 40, paymentTimeoutMs: 1 });
    expectEveryOrderSettled(hasty);
    const states = (summary: SagaSummary) => summary.orderOutcomes.map((o) => [o.orderId, o.state, o.path]);
    expect(states(hasty)).toEqual(states(patient));
    expect(hasty.money).toEqual(patient.money);
  });
});

describe('failure rates at the extremes', () => {
  it('confirms every order when nothing fails', async () => {
    const summary = await runSaga({ ...QUIET, orders: 15, failureRate: 0 });
    expect(summary.outcomes).toEqual({ CONFIRMED: 15, CANCELLED: 0, COMPENSATED: 0, UNFINISHED: 0 });
    expectEveryOrderSettled(summary);
  });

  it('cancels every order when every payment fails', async () => {
    const summary = await runSaga({ ...QUIET, orders: 15, failureRate: 1 });
    expect(summary.outcomes).toEqual({ CONFIRMED: 0, CANCELLED: 15, COMPENSATED: 0, UNFINISHED: 0 });
    expect(summary.money).toMatchObject({ chargedCents: 0, refundedCents: 0, heldCents: 0 });
    expectEveryOrderSettled(summary);
  });
});

describe('when stock runs short', () => {
  it('compensates the orders it cannot serve, releasing what they had reserved', async () => {
    const summary = await runSaga({ ...QUIET, orders: 40, failureRate: 0, initialStock: 6 });
    const outOfStock = summary.orderOutcomes.filter((o) => o.failure?.startsWith('inventory failed: out of stock'));
    expect(outOfStock.length).toBeGreaterThan(0);
    expect(outOfStock.every((o) => o.state === 'COMPENSATED')).toBe(true);
    expectEveryOrderSettled(summary);
  });
});

describe('orders from a file', () => {
  it('dead-letters the invalid orders, naming every reason, and runs the saga for the others', async () => {
    const summary = await runSaga({ ...QUIET, file: SAMPLE });
    expect(summary.orders).toBe(10);
    expect(summary.orderOutcomes.map((o) => o.orderId)).toEqual(['A-1001', 'A-1002', 'A-1003', 'A-1004', 'A-1005', 'A-1006', 'A-1007', 'A-1010']);
    expect(summary.deadLetters.map(({ orderId, organ, error }) => ({ orderId, organ, error }))).toEqual([
      { orderId: 'A-1008', organ: 'OrderSaga', error: 'PayloadValidationError' },
      { orderId: 'A-1009', organ: 'OrderSaga', error: 'PayloadValidationError' },
    ]);
    expect(summary.deadLetters[0]?.reason).toMatch(/items\.0\.sku \(isIn: sku must be one of/);
    expect(summary.deadLetters[1]?.reason).toMatch(/customer_id .*items \(arrayNotEmpty/);
    expectEveryOrderSettled(summary);
  });

  it('fails on a missing file, or a file that is not JSON', async () => {
    await expect(runSaga({ ...QUIET, file: join(__dirname, 'missing.json') })).rejects.toThrow(/missing\.json: no such file/);
    await expect(runSaga({ ...QUIET, file: __filename })).rejects.toThrow(/unsupported file type: use a \.json file/);
  });
});
