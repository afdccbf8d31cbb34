// @necrostack/core first: it loads reflect-metadata, which tsyringe needs before it is imported.
import {
  BACKEND, Event, LOGGER, SPINE_OPTIONS, Spine, sagas, type Backend, type Logger, type SagaStore, type SpineStats,
} from '@necrostack/core';
import { InMemorySagaStore } from '@necrostack/backend-memory';
import { PostgresBackend } from '@necrostack/backend-postgres';
import { RedisBackend } from '@necrostack/backend-redis';
import { exampleLogger, InputError, loadRecords, withExampleBackend } from '@necrostack/example-support';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { container } from 'tsyringe';
import './organs'; // loading the organ modules is what lets discovery find the @Organ classes
import { CATALOG, ORDER_PLACED } from './events';
import { DEFAULT_PAYMENT_TIMEOUT_MS, PAYMENT_TIMEOUT_MS } from './organs/order.saga';
import { generateOrders } from './input/generate-orders';
import { InventoryService } from './services/inventory.service';
import { FINAL_STATES, OrderRepository } from './services/order-repository.service';
import { PaymentService } from './services/payment.service';
import { SagaJournal } from './services/saga-journal.service';
import { ShippingService } from './services/shipping.service';
import { buildSummary, type SagaSummary } from './summary/summary';

export const DEFAULT_ORDERS = 20;
export const DEFAULT_SEED = 42;
/** Share of payments declined, and of reservations the warehouse fails part-way. */
export const DEFAULT_FAILURE_RATE = 0.2;

/** Options of {@link runSaga}. The outcome of every order depends on the input, the seed and the failure rate alone. */
export interface SagaOptions {
  /**
   * Orders from a `.json` file instead of generated ones: `{ "orders": [...] }` or a bare array of
   * `{ order_id, customer_id, items: [{ sku, quantity }] }`, not validated (OrderSaga's DTO
   * dead-letters an invalid one with its reasons).
   */
  readonly file?: string;
  /** How many orders to generate from the seed when no file is given (default 20). */
  readonly orders?: number;
  /** Seed of the generated orders and of the injected failures (default 42). */
  readonly seed?: number;
  /** Share of payments declined and of reservations failed, 0–1 (default 0.2). */
  readonly failureRate?: number;
  /** `memory` (default) or a `redis://` URL: the run then uses streams of its own, deleted afterwards. */
  readonly backend?: string;
  /** How long OrderSaga waits for a payment's answer before it cancels the order (default 300 ms). */
  readonly paymentTimeoutMs?: number;
  /** Units of each SKU in stock at the start (default 10,000). */
  readonly initialStock?: number;
  /** Where the framework logs (default: warnings and errors on stderr). */
  readonly logger?: Logger;
}

/**
 * Runs the order saga once: every order placed, paid, reserved and confirmed, or, when a step fails,
 * compensated. Returns the summary, which checks that every order ended CONFIRMED, CANCELLED or
 * COMPENSATED and that money and stock balance. Bootstraps like an application: a child container
 * with the backend, the logger, the saga store and the services; `resolve(Spine)` discovers the
 * saga and the organs.
 *
 * @throws InputError when the orders file cannot be read, or an option is out of range.
 */
export async function runSaga(options: SagaOptions = {}): Promise<SagaSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  const failureRate = options.failureRate ?? DEFAULT_FAILURE_RATE;
  if (!(failureRate >= 0 && failureRate <= 1)) throw new InputError('--failure-rate', `must be between 0 and 1, got ${failureRate}`);
  const records = options.file !== undefined
    ? await loadRecords(options.file, { listKey: 'orders' })
    : generateOrders(options.orders ?? DEFAULT_ORDERS, seed);
  const spec = options.backend ?? 'memory';
  const logger = options.logger ?? exampleLogger();
  return withExampleBackend(spec, 'saga-order', logger, async (backend) => {
    const services: Services = {
      orders: new OrderRepository(),
      payments: new PaymentService({ seed, failureRate }),
      inventory: new InventoryService({ seed, failureRate, skus: Object.keys(CATALOG), initialStock: options.initialStock }),
      shipping: new ShippingService(),
      journal: new SagaJournal(),
    };
    const paymentTimeoutMs = options.paymentTimeoutMs ?? DEFAULT_PAYMENT_TIMEOUT_MS;
    const spine = bootstrap(backend, logger, services, paymentTimeoutMs);
    const started = performance.now();
    // Untrusted input goes in with backend.enqueue (publish would refuse the whole batch at the
    // first invalid order): the saga's OrderPlacedDto dead-letters each invalid one with its reasons.
    await backend.enqueue(records.map((record) => new Event(ORDER_PLACED, record)));
    const stats = await runUntilSettled(spine, services, paymentTimeoutMs);
    return buildSummary({
      input: options.file !== undefined ? displayPath(options.file) : 'the generator',
      backend: backendKind(spec),
      seed, failureRate, records: records.length, ...services, stats,
      deadLetters: await spine.failedEventStore.getAll(),
      durationMs: performance.now() - started,
    });
  });
}

interface Services {
  readonly orders: OrderRepository;
  readonly payments: PaymentService;
  readonly inventory: InventoryService;
  readonly shipping: ShippingService;
  readonly journal: SagaJournal;
}

/**
 * run() handles what is due and returns; a payment timeout comes later. Runs again until every
 * order is final (bounded): an unanswered payment's order is cancelled by its timeout.
 */
async function runUntilSettled(spine: Spine, services: Services, paymentTimeoutMs: number): Promise<SpineStats> {
  const deadline = performance.now() + 10 * paymentTimeoutMs + 10_000;
  const settled = (): boolean => services.orders.all().every((order) => FINAL_STATES.includes(order.state));
  let stats = await spine.run();
  while (!settled() && performance.now() < deadline) {
    await sleep(Math.min(50, paymentTimeoutMs));
    stats = await spine.run();
  }
  return stats;
}

function bootstrap(backend: Backend, logger: Logger, services: Services, paymentTimeoutMs: number): Spine {
  const app = container.createChildContainer();
  app.register(PAYMENT_TIMEOUT_MS, { useValue: paymentTimeoutMs });
  app.register(BACKEND, { useValue: backend });
  app.register(LOGGER, { useValue: logger });
  // The saga's instances live beside the events: in Redis on Redis, in PostgreSQL on PostgreSQL, in memory otherwise.
  const store: SagaStore = backend instanceof RedisBackend || backend instanceof PostgresBackend ? backend.sagas : new InMemorySagaStore();
  app.register(SPINE_OPTIONS, { useValue: { middleware: [sagas({ store })] } });
  app.register(OrderRepository, { useValue: services.orders });
  app.register(PaymentService, { useValue: services.payments });
  app.register(InventoryService, { useValue: services.inventory });
  app.register(ShippingService, { useValue: services.shipping });
  app.register(SagaJournal, { useValue: services.journal });
  return app.resolve(Spine);
}

function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}

function backendKind(spec: string): SagaSummary['backend'] {
  if (spec === 'memory') return 'memory';
  return spec.startsWith('redis') ? 'redis' : 'postgres';
}
