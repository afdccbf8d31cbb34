import {
  ConfigurationError, DEFAULT_MAX_CAUSATION_DEPTH, Event, EventLoopError,
  type HandlerContext, type HandlerMiddleware, type HandlerResult,
} from '@necrostack/core';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import { CheckedOut } from '../connection/checked-out';
import { toUnavailable } from '../connection/translate-error';
import type { PostgresBackend } from '../postgres-backend';

/**
 * Options of {@link transactional}.
 * @example
 * ```ts
 * new Spine({ organs, backend, middleware: [transactional(backend, { maxCausationDepth: 16 })] });
 * ```
 */
export interface TransactionalOptions {
  /** Emitted events deeper than this fail the handler with EventLoopError (the Spine's default, 32). */
  readonly maxCausationDepth?: number;
}

const SAVEPOINT = 'necrostack_try';
// Async context, not the HandlerContext: each retry of a call gets a context object of its own.
const transactions = new AsyncLocalStorage<PoolClient>();

/**
 * The transaction of the handler call `context` belongs to, inside {@link transactional}: do the
 * handler's own writes with it, and they commit together with the events it returns and the
 * record that the delivery is done.
 * @throws ConfigurationError when the call does not run inside `transactional()`.
 * @example
 * ```ts
 * async handle(event: Event<OrderPlaced>, context: HandlerContext) {
 *   await transactionOf(context).query('UPDATE stock SET reserved = reserved + $1 WHERE sku = $2', [event.payload.qty, event.payload.sku]);
 *   return new Event('STOCK_RESERVED', { orderId: event.payload.orderId });
 * }
 * ```
 */
export function transactionOf(context: HandlerContext): PoolClient {
  const client = transactions.getStore();
  if (!client) {
    throw new ConfigurationError('middleware', `organ ${context.organ} calls transactionOf() but does not run inside transactional()`, {
      help: 'Add transactional(backend) to the Spine\'s middleware (or the organ\'s), on a PostgresBackend.',
    });
  }
  return client;
}

/**
 * Handler middleware for organs whose effects live in the same PostgreSQL database as the
 * backend: each handler call runs in one transaction on the backend's pool, which
 *
 * 1. records that this group handled this event (the `completions` table, the inbox) — when an
 *    earlier delivery already did, the handler is skipped: a redelivery after a crash between
 *    commit and ack changes nothing;
 * 2. runs the handler, which writes with {@link transactionOf}(context); a try that fails is
 *    rolled back to a savepoint before the Spine retries it;
 * 3. enqueues the events the handler returns with the same client (lineage stamped as the Spine
 *    does), and commits. The Spine then acks the delivery.
 *
 * So the handler's writes, its events and the inbox record exist together or not at all. The
 * events are enqueued here, not by the Spine: they do not count in the Spine's `eventsEmitted`.
 *
 * @example
 * ```ts
 * const backend = new PostgresBackend({ connectionString: process.env.DATABASE_URL });
 * const spine = new Spine({ organs: [ReserveStock], backend, middleware: [transactional(backend)] });
 * ```
 */
export function transactional(backend: PostgresBackend, options: TransactionalOptions = {}): HandlerMiddleware {
  const maxDepth = options.maxCausationDepth ?? DEFAULT_MAX_CAUSATION_DEPTH;
  const markDone = `INSERT INTO ${backend.tables.completions} (group_name, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`;
  return (next) => async (event, context) => {
    await backend.connect();
    let held: CheckedOut;
    try {
      held = new CheckedOut(await backend.pool.connect());
    } catch (error) {
      throw toUnavailable('transaction', error);
    }
    const { client } = held;
    try {
      await client.query('BEGIN');
      if ((await client.query(markDone, [context.group, event.id])).rowCount === 0) {
        await client.query('ROLLBACK');
        return undefined; // handled and committed by an earlier delivery
      }
      await client.query(`SAVEPOINT ${SAVEPOINT}`);
      // Queued on the client before any statement of the next try: pg runs a client's queries in order.
      context.onRetry(() => { client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`).catch(() => undefined); });
      const result = await transactions.run(client, () => next(event, context));
      const emitted = stamped(event, result, maxDepth);
      await backend.enqueue(emitted, { client });
      await client.query('COMMIT');
      return undefined;
    } catch (error) {
      await held.rollback();
      throw error;
    } finally {
      held.release();
    }
  };
}

/** The handler's events with the lineage the Spine would give them. @throws EventLoopError past `maxDepth`. */
function stamped(parent: Event, result: HandlerResult, maxDepth: number): Event<object>[] {
  const events: readonly Event<object>[] = result === undefined || result === null ? [] : Array.isArray(result) ? result : [result as Event<object>];
  const depth = parent.causationDepth + 1;
  if (events.length > 0 && depth > maxDepth) throw new EventLoopError(depth, maxDepth);
  const correlationId = parent.correlationId ?? parent.id;
  return events.map((e) => Event.withLineage(e, e.correlationId ?? correlationId, e.causationId ?? parent.id, depth));
}
