import {
  ClosedError, createLogger, type Backend, type BackendCapabilities, type Delivery, type Event, type Logger, type Settlement, type Subscription,
} from '@necrostack/core';
import type { Pool } from 'pg';
import { Database, type Queryable } from './connection/database';
import { Listener } from './connection/listener';
import { sanitize } from './connection/translate-error';
import { Claimer } from './consumer/claimer';
import { GroupRegistry } from './consumer/group-registry';
import { HeldDeliveries, matchRows, rowKeys } from './consumer/held';
import { LeaseKeeper } from './consumer/lease-keeper';
import { Puller } from './consumer/puller';
import { Settler } from './consumer/settler';
import { PostgresDeadLetterQueue } from './dead-letters/postgres-dead-letter-queue';
import { DelayedPromoter } from './delayed/delayed-promoter';
import { checkHealth, type PostgresHealth } from './maintenance/health';
import { Retention, type MaintenanceReport } from './maintenance/retention';
import { MetricsCounter, type PostgresMetrics } from './metrics';
import type { PostgresBackendOptions } from './options/postgres-backend-options';
import { resolveOptions, type ResolvedPostgresOptions } from './options/resolve-options';
import { Producer } from './producer/producer';
import { TickClaimer } from './producer/tick-claimer';
import { PostgresSagaStore } from './sagas/postgres-saga-store';
import { Migrator } from './schema/migrator';
import { PostgresTables } from './schema/postgres-tables';

/**
 * Options of {@link PostgresBackend.enqueue}.
 * @example
 * ```ts
 * await backend.enqueue(new Event('ORDER_PLACED', order), { client }); // client: in your transaction
 * ```
 */
export interface PostgresEnqueueOptions {
  /**
   * A node-postgres client (a `PoolClient` or `Client`, of any pool) inside the caller's
   * transaction: the events are written with it, so they exist if and only if that transaction
   * commits (the transactional outbox). Without it the backend's pool writes them at once.
   */
  readonly client?: Queryable;
}

/**
 * The PostgreSQL backend: events live in tables of one schema, shared by any number of worker
 * processes, with no other server. Each organ (or shared group) has its own delivery row of every
 * event of its types, with its own ack, attempt count and dead letters; consumers claim rows in
 * batches with `FOR UPDATE SKIP LOCKED` under a lease of `claimMinIdleMs` that they renew while
 * handlers run, so a worker killed at any instant loses nothing (its leases run out and another
 * worker takes the rows over) and a slow handler is never robbed. Idle workers wake on
 * LISTEN/NOTIFY, and poll every `pollIntervalMs` in case a notification is lost. The schema is
 * created and migrated on first use. `enqueue(events, { client })` writes inside the caller's
 * transaction: the transactional outbox. Delayed events wait in a table of their own until due,
 * and every worker moves due ones into the delivery path; `claimTick` claims schedule ticks, and
 * `sagas` keeps saga instances. Tables, guarantees and tuning: docs/postgres.md.
 *
 * @example
 * ```ts
 * const backend = new PostgresBackend({ connectionString: process.env.DATABASE_URL });
 * const spine = new Spine({ organs: [ChargeCard, SendReceipt], backend });
 * process.on('SIGTERM', () => void spine.stop());
 * await spine.runForever();
 * await backend.close();
 * ```
 */
export class PostgresBackend implements Backend {
  /** Idempotent groups remember completed event ids (for `idempotencyTtlMs`); delayed events wait durably. */
  readonly capabilities: BackendCapabilities = { idempotentSubscriptions: true, delayedDelivery: true };
  readonly maxDeliveries: number;
  /** The dead-letter table: list, replay, delete, purge. */
  readonly deadLetters: PostgresDeadLetterQueue;
  /** Every SQL name this backend uses. */
  readonly tables: PostgresTables;
  /** This worker's name on the deliveries it claims. */
  readonly consumerName: string;
  /** Saga instances, in this schema: give it to `sagas({ store: backend.sagas })`. */
  readonly sagas: PostgresSagaStore;

  // Private fields: the options hold the connection string, which may hold a password.
  readonly #options: ResolvedPostgresOptions;
  readonly #logger: Logger;
  readonly #metrics = new MetricsCounter();
  readonly #db: Database;
  readonly #migrator: Migrator;
  readonly #groups: GroupRegistry;
  // Once a delivery taken over is settled, the next one may be taken over at once (see Claimer).
  readonly #held = new HeldDeliveries(() => this.#listener.nudge());
  readonly #listener: Listener;
  readonly #puller: Puller;
  readonly #settler: Settler;
  readonly #keeper: LeaseKeeper;
  readonly #retention: Retention;
  readonly #producer: Producer;
  readonly #promoter: DelayedPromoter;
  readonly #ticks: TickClaimer;
  readonly #pulls = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  /** @throws ConfigurationError naming the invalid option (never repeating the connection string). */
  constructor(options: PostgresBackendOptions = {}) {
    const o = resolveOptions(options);
    this.#options = o;
    this.maxDeliveries = o.maxDeliveries;
    this.consumerName = o.consumerName;
    this.#logger = (options.logger ?? createLogger()).child({ component: 'postgres-backend', consumer: o.consumerName });
    this.tables = new PostgresTables(o.schema);
    this.#db = new Database(o, this.#logger);
    this.#migrator = new Migrator(this.#db, this.tables, this.#logger);
    this.#groups = new GroupRegistry(this.#db, this.tables);
    this.deadLetters = new PostgresDeadLetterQueue(this.#db, this.tables, () => this.#ready());
    this.#listener = new Listener(this.#db, this.tables.quotedChannel, this.#metrics, this.#logger);
    const shared = { db: this.#db, tables: this.tables, groups: this.#groups, held: this.#held, metrics: this.#metrics };
    const claimer = new Claimer({
      ...shared, logger: this.#logger, consumerName: o.consumerName, claimMinIdleMs: o.claimMinIdleMs, recoveryIntervalMs: o.pollIntervalMs,
    });
    this.#puller = new Puller(claimer, this.#listener, this.#groups, o.pollIntervalMs, () => this.#closing !== undefined);
    this.#settler = new Settler({ ...shared, wake: () => this.#listener.nudge() });
    this.#keeper = new LeaseKeeper(this.#db, this.tables, this.#held, o.claimMinIdleMs, this.#logger);
    this.#retention = new Retention(this.#db, this.tables, {
      intervalMs: o.retentionIntervalMs, handledMs: o.handledMs, batchSize: o.retentionBatchSize, idempotencyTtlMs: o.idempotencyTtlMs,
    }, this.#logger);
    this.#producer = new Producer(this.tables, this.#metrics);
    this.#promoter = new DelayedPromoter(this.#db, this.tables,
      { pollIntervalMs: o.delayedPollIntervalMs, batchSize: o.delayedBatchSize }, this.#metrics, this.#logger);
    this.#listener.also(this.tables.delayedChannel, (dueAt) => this.#promoter.due(Number(dueAt)));
    this.#ticks = new TickClaimer(this.#db, this.tables, o.consumerName);
    this.sagas = new PostgresSagaStore(this.#db, this.tables, () => this.#ready());
  }

  /**
   * The node-postgres pool the backend uses (the one given, or the one it built): share it for
   * the application's own queries rather than opening a second one. Ended by `close()` when the
   * backend built it.
   * @example
   * ```ts
   * const { rows } = await backend.pool.query('SELECT count(*) FROM orders');
   * ```
   */
  get pool(): Pool {
    return this.#db.pool;
  }

  /** A snapshot of this instance's counters. */
  get metrics(): PostgresMetrics {
    return this.#metrics.snapshot();
  }

  /**
   * Stores the events, in order, with one statement (an event whose `deliverAt` is ahead waits in
   * `delayed` until due); resolves once PostgreSQL committed them (or,
   * with `{ client }`, once they are written in the caller's transaction, which decides whether
   * they exist). Consumers are notified at commit.
   * @throws EnqueueError when PostgreSQL cannot store them (`outcome: 'unknown'` when the
   * connection broke mid-statement); EventValidationError for something that is not an Event;
   * ClosedError after close().
   * @example
   * ```ts
   * const client = await pool.connect();
   * try {
   *   await client.query('BEGIN');
   *   await client.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
   *   await backend.enqueue(new Event('ORDER_PLACED', order), { client });
   *   await client.query('COMMIT'); // the order and its event, or neither
   * } catch (error) {
   *   await client.query('ROLLBACK');
   *   throw error;
   * } finally {
   *   client.release();
   * }
   * ```
   */
  async enqueue(events: Event<object> | readonly Event<object>[], options: PostgresEnqueueOptions = {}): Promise<void> {
    if (this.#closing) throw new ClosedError('PostgresBackend');
    const batch = Array.isArray(events) ? (events as readonly Event<object>[]) : [events as Event<object>];
    if (batch.length === 0) return;
    await this.#ready();
    await this.#producer.enqueue(batch, options.client ?? this.#db.pool);
  }

  /**
   * Claims the tick `tickAt` of a recurring schedule and stores its event, in one statement, unless
   * a worker claimed it (or a later tick) already: each tick's event is stored once, however many
   * workers ask. Used by the Spine's `schedules` option.
   * @throws BackendUnavailableError when PostgreSQL cannot be reached (the tick stays unclaimed); ClosedError after close().
   * @example
   * ```ts
   * const stored = await backend.claimTick('daily-report', tickAt, new Event('REPORT_DUE', {}, { timestamp: tickAt }));
   * ```
   */
  async claimTick(schedule: string, tickAt: number, event: Event<object>): Promise<boolean> {
    if (this.#closing) throw new ClosedError('PostgresBackend');
    await this.#ready();
    return this.#ticks.claim(schedule, tickAt, event);
  }

  /**
   * Records the groups and their types (new ones get every retained event of their types); starts
   * listening and moving due delayed events. Idempotent.
   */
  async subscribe(subscriptions: readonly Subscription[]): Promise<void> {
    if (this.#closing) throw new ClosedError('PostgresBackend');
    await this.#ready();
    await this.#groups.subscribe(subscriptions);
    this.#keeper.start();
    await this.#listener.start();
    this.#promoter.start();
  }

  /** Up to `max` deliveries across the subscribed groups, oldest first; waits up to `waitMs` when none is ready. */
  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    if (this.#closing) return [];
    await this.#ready();
    this.#retention.maybeRun();
    const pulling = this.#puller.pull(max, waitMs);
    const tracked = pulling.catch(() => undefined);
    this.#pulls.add(tracked);
    try {
      const deliveries = await pulling;
      // Claimed while close() began: they are handed back with everything held.
      return this.#closing ? [] : deliveries;
    } catch (error) {
      if (this.#closing) return [];
      throw error;
    } finally {
      this.#pulls.delete(tracked);
    }
  }

  /** Acks, nacks, releases and dead-letters in at most two statements. Idempotent per delivery. */
  async settle(settlement: Settlement): Promise<void> {
    if (this.#closing) {
      const onlyReleases = settlement.acks.length + settlement.nacks.length + settlement.deadLetters.length === 0;
      if (onlyReleases) return; // close() handed everything back already
      throw new ClosedError('PostgresBackend');
    }
    await this.#settler.settle(settlement);
  }

  /**
   * Connects now and brings the schema up to date; the backend otherwise does it on first use.
   * Lets an application (or `necro worker`) fail at start-up, not at its first event. Idempotent.
   * @throws BackendUnavailableError (`permanent: true` for a refused password, an unknown
   * database or a missing privilege); ClosedError after `close()`.
   * @example
   * ```ts
   * const backend = new PostgresBackend({ connectionString: process.env.DATABASE_URL });
   * await backend.connect(); // fails here, with the reason, if PostgreSQL will not have us
   * ```
   */
  async connect(): Promise<void> {
    if (this.#closing) throw new ClosedError('PostgresBackend');
    await this.#ready();
  }

  /** Connection, schema version, work per group and dead letters; never throws. */
  health(): Promise<PostgresHealth> {
    return checkHealth({
      db: this.#db, tables: this.tables, consumerName: this.consumerName,
      listening: () => this.#listener.listening, timeoutMs: this.#options.healthTimeoutMs,
    });
  }

  /** Applies the retention policy now (workers also do it every `retention.intervalMs`). */
  async maintain(): Promise<MaintenanceReport> {
    await this.#ready();
    return this.#retention.run();
  }

  /**
   * Stops reading, hands back every delivery this consumer still holds so another consumer takes
   * it at once (its attempt not counted), and closes the connections (the pool too, unless it was
   * given). Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  #ready(): Promise<void> {
    return this.#migrator.ensure();
  }

  async #close(): Promise<void> {
    await this.#listener.close();
    await this.#promoter.stop();
    await Promise.all(this.#pulls);
    await this.#puller.settled();
    await this.#keeper.stop();
    await this.#retention.idle();
    await this.#handBack();
    await this.#db.close();
    this.#logger.debug('PostgreSQL backend closed');
  }

  async #handBack(): Promise<void> {
    const held = this.#held.drain();
    if (held.length === 0) return;
    try {
      const rows = matchRows(1);
      await this.#db.query('hand back', `UPDATE ${this.tables.deliveries} d
        SET token = NULL, consumer = NULL, visible_at = now(), attempt = greatest(d.attempt - 1, 0)
        FROM ${rows.using} WHERE ${rows.where}`, rowKeys(held));
      await this.#db.query('hand back', `SELECT pg_notify($1, '')`, [this.tables.channel]);
    } catch (error) {
      this.#logger.warn('Could not hand back held deliveries; they are taken over after claimMinIdleMs', { count: held.length, error: sanitize(error) });
    }
  }
}
