// @necrostack/core first: it loads reflect-metadata, which tsyringe needs before it is imported.
import { BACKEND, DEFAULT_MAX_STEPS, Event, LOGGER, SPINE_OPTIONS, Spine, type Backend, type ContainerSpineOptions, type Logger } from '@necrostack/core';
import { exampleLogger, withExampleBackend } from '@necrostack/example-support';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { container } from 'tsyringe';
import './organs'; // loading the organ modules is what lets discovery find the @Organ classes
import { ORDER_SUBMITTED } from './events';
import { generateOrders } from './input/generate-orders';
import { loadOrders } from './input/load-orders';
import { AuditLog } from './services/audit-log.service';
import { ClearingHouse } from './services/clearing-house.service';
import { OrderBookService } from './services/order-book.service';
import { RiskLedger } from './services/risk-ledger.service';
import { buildSummary, type OrderBookSummary } from './summary/summary';

export const DATA_DIR = join(__dirname, '..', 'data');
export const DEFAULT_ORDERS_FILE = join(DATA_DIR, 'sample_orders.json');
export const DEFAULT_SEED = 42;
/** Tries per settlement before a dead letter, as in the original (2). */
export const SETTLEMENT_TRIES = 2;
/** First retry delay, in ms: short, so retries do not dominate the demo's duration. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 10;

/** Options of {@link runOrderBook}. Counts and trades depend on the input and the seed alone. */
export interface OrderBookOptions {
  /** Orders, `.json` or `.csv` (default `data/sample_orders.json`); ignored when `stressOrders` is set. */
  readonly file?: string;
  /** Generate this many orders from the seed instead of reading a file. */
  readonly stressOrders?: number;
  /** `memory` (default) or a `redis://` URL: the run then uses streams of its own, deleted afterwards. */
  readonly backend?: string;
  /** Seed of the generated orders and of the clearing house's latencies and failures (default 42). */
  readonly seed?: number;
  /** Most simulated clearing latency per settlement, in ms (default 5). */
  readonly latencyMs?: number;
  /** First retry delay of a failing settlement, in ms (default 10). */
  readonly retryBaseDelayMs?: number;
  /** Where the framework logs (default: warnings and errors on stderr). */
  readonly logger?: Logger;
}

/**
 * Runs the trading system once over a batch of orders and returns its summary: the trades in
 * execution order, the final books, the counts by event type, the dead letters.
 * Bootstraps like an application: a child container with the backend, the logger and the services
 * the organs need; `resolve(Spine)` discovers the organs and injects those services.
 *
 * @throws InputError when the orders file cannot be read or parsed.
 */
export async function runOrderBook(options: OrderBookOptions = {}): Promise<OrderBookSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  const file = options.file ?? DEFAULT_ORDERS_FILE;
  const stress = options.stressOrders !== undefined;
  const records = stress ? generateOrders(options.stressOrders as number, seed) : await loadOrders(file);
  const spec = options.backend ?? 'memory';
  const logger = options.logger ?? exampleLogger();
  return withExampleBackend(spec, 'trading-orderbook', logger, async (backend) => {
    const services = { books: new OrderBookService(), audit: new AuditLog(), ledger: new RiskLedger() };
    const clearing = new ClearingHouse({ seed, latencyMs: options.latencyMs });
    const spine = bootstrap(backend, logger, { ...services, clearing }, {
      retryAttempts: SETTLEMENT_TRIES,
      retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
      // Each order causes about ten deliveries; let the largest stress run finish in one run().
      maxSteps: Math.max(DEFAULT_MAX_STEPS, records.length * 20),
    });
    const orders = records.map((record) => new Event(ORDER_SUBMITTED, record));
    const started = performance.now();
    // backend.enqueue rather than spine.publish: the orders are untrusted input that must enter the
    // flow, so that ValidateOrder rejects each invalid one with its reasons.
    await backend.enqueue(orders);
    const stats = await spine.run();
    return buildSummary({
      input: stress ? 'the stress generator' : displayPath(file),
      backend: spec === 'memory' ? 'memory' : 'redis',
      seed,
      orderIds: orders.map((event) => event.id),
      stats,
      ...services,
      deadLetters: await spine.failedEventStore.getAll(),
      durationMs: performance.now() - started,
    });
  });
}

interface Services {
  readonly books: OrderBookService;
  readonly audit: AuditLog;
  readonly ledger: RiskLedger;
  readonly clearing: ClearingHouse;
}

function bootstrap(backend: Backend, logger: Logger, services: Services, settings: ContainerSpineOptions): Spine {
  const app = container.createChildContainer();
  app.register(BACKEND, { useValue: backend });
  app.register(LOGGER, { useValue: logger });
  app.register(SPINE_OPTIONS, { useValue: settings });
  app.register(OrderBookService, { useValue: services.books });
  app.register(AuditLog, { useValue: services.audit });
  app.register(RiskLedger, { useValue: services.ledger });
  app.register(ClearingHouse, { useValue: services.clearing });
  return app.resolve(Spine);
}

function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}
