import { InMemoryBackend } from '@necrostack/backend-memory';
import { Spine, silentLogger } from '@necrostack/core';
import { bootstrap, createAppContainer } from '../src/app.module';
import { BillingOrgan } from '../src/billing/billing.organ';
import { BillingService } from '../src/billing/billing.service';
import { INVOICES_REPOSITORY } from '../src/billing/invoices.repository';
import { loadConfig } from '../src/config/app-config';
import { NotificationsOrgan } from '../src/notifications/notifications.organ';
import { OUTBOX_REPOSITORY } from '../src/notifications/outbox.repository';
import { OrderOrgans } from '../src/orders/order.organs';
import { ORDERS_REPOSITORY } from '../src/orders/orders.repository';
import { runApp, runScenario } from '../src/run-app';
import type { AppSummary } from '../src/scenario/summary';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the scenario: create orders, bill them, notify the customers', () => {
  let summary: AppSummary;

  beforeAll(async () => {
    summary = await runApp({ backend: 'memory' });
  });

  it('bills the orders within the credit limit and declines the other', () => {
    expect(summary.placed).toBe(4);
    expect(summary.orders).toEqual([
      { id: 'ord-1001', customer: 'alice@example.com', totalCents: 2 * 1999 + 500, status: 'billed', invoiceId: 'INV-ord-1001', declineReason: null },
      {
        id: 'ord-1002', customer: 'bob@example.com', totalCents: 12900, status: 'declined', invoiceId: null,
        declineReason: '$129.00 is over the credit limit of $100.00',
      },
      { id: 'ord-1003', customer: 'carol@example.com', totalCents: 5 * 250, status: 'billed', invoiceId: 'INV-ord-1003', declineReason: null },
    ]);
    expect(summary.invoices).toEqual({ count: 2, totalCents: 4498 + 1250 });
  });

  it('dead-letters the invalid order, naming the organ and the failing property', () => {
    expect(summary.rejected).toEqual([{
      orderId: 'ord-1004', organ: 'OrderOrgans', error: 'PayloadValidationError', reason: expect.stringMatching(/lines\.0\.quantity \(min: quantity must be at least 1\)$/),
    }]);
  });

  it('notifies each customer once', () => {
    expect(summary.notifications).toEqual([
      { to: 'alice@example.com', orderId: 'ord-1001', text: 'Order ord-1001 confirmed: $44.98 billed (INV-ord-1001)' },
      { to: 'bob@example.com', orderId: 'ord-1002', text: 'Order ord-1002 declined: $129.00 is over the credit limit of $100.00' },
      { to: 'carol@example.com', orderId: 'ord-1003', text: 'Order ord-1003 confirmed: $12.50 billed (INV-ord-1003)' },
    ]);
  });

  it('counts the deliveries: ORDER_BILLED and PAYMENT_DECLINED go to two organs each', () => {
    // ORDER_PLACED 4 + ORDER_CREATED 3 + ORDER_BILLED 2×2 + PAYMENT_DECLINED 1×2
    expect(summary.events).toEqual({ processed: 13, emitted: 6, deadLettered: 1 });
  });

  it('gives the same summary on Redis as in memory', async () => {
    expect(await runApp({ backend: REDIS_URL })).toEqual(summary);
  });

  it('takes the backend from NECRO_BACKEND when none is given', () => {
    expect(loadConfig({}, { NECRO_BACKEND: REDIS_URL }).backend).toBe(REDIS_URL);
    expect(loadConfig({ backend: 'memory' }, { NECRO_BACKEND: REDIS_URL }).backend).toBe('memory');
    expect(loadConfig({}, {}).backend).toBe('memory');
    expect(() => loadConfig({}, { NECRO_BACKEND: 'mysql://x' })).toThrow('the backend must be "memory" or a redis:// URL, got "mysql://x"');
  });
});

describe('dependency injection', () => {
  it('gives every organ the same singleton repositories, and the Spine those organs', async () => {
    const backend = new InMemoryBackend();
    const c = createAppContainer({ backend, logger: silentLogger, config: loadConfig({ backend: 'memory' }, {}) });
    const orders = c.resolve(ORDERS_REPOSITORY);
    const orderOrgans = c.resolve(OrderOrgans);
    const billingOrgan = c.resolve(BillingOrgan);
    const notificationsOrgan = c.resolve(NotificationsOrgan);

    expect(orderOrgans.orders).toBe(orders);
    expect(billingOrgan.orders).toBe(orders);
    expect(notificationsOrgan.orders).toBe(orders);
    expect(notificationsOrgan.outbox).toBe(c.resolve(OUTBOX_REPOSITORY));
    expect(billingOrgan.billing).toBe(c.resolve(BillingService));
    expect(billingOrgan.billing.invoices).toBe(c.resolve(INVOICES_REPOSITORY));

    // Spied before discovery: the Spine must handle the events with these very instances.
    const create = jest.spyOn(orderOrgans, 'create');
    const bill = jest.spyOn(billingOrgan, 'handle');
    const confirm = jest.spyOn(notificationsOrgan, 'confirm');
    const decline = jest.spyOn(notificationsOrgan, 'decline');
    const summary = await runScenario({ container: c, spine: c.resolve(Spine) });
    expect(create).toHaveBeenCalledTimes(3); // the 4th order never reaches the handler: its DTO rejects it
    expect(bill).toHaveBeenCalledTimes(3);
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(decline).toHaveBeenCalledTimes(1);
    expect(orders.all().map((order) => order.status)).toEqual(['billed', 'declined', 'billed']);
    expect(c.resolve(INVOICES_REPOSITORY).all()).toHaveLength(summary.invoices.count);
    await backend.close();
  });

  it('builds separate instances for separate applications', () => {
    const config = loadConfig({ backend: 'memory' }, {});
    const one = bootstrap({ backend: new InMemoryBackend(), logger: silentLogger, config });
    const two = bootstrap({ backend: new InMemoryBackend(), logger: silentLogger, config });
    expect(one.container.resolve(ORDERS_REPOSITORY)).not.toBe(two.container.resolve(ORDERS_REPOSITORY));
  });
});
