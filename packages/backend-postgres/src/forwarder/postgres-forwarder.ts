import {
  BackendUnavailableError, ClosedError, ConfigurationError, createLogger, describeError, integerOption, nonEmptyOption, type DeadLetter, type Delivery, type Event, type Logger,
} from '@necrostack/core';
import { Database } from '../connection/database';
import { sanitize } from '../connection/translate-error';
import { resolveOptions } from '../options/resolve-options';
import { PostgresBackend } from '../postgres-backend';
import { ForwarderGroup } from './forwarder-group';
import { ForwarderLease } from './forwarder-lease';
import {
  DEFAULT_FORWARDER_BATCH_SIZE, DEFAULT_FORWARDER_GROUP, DEFAULT_FORWARDER_RETRY_BASE_DELAY_MS, DEFAULT_FORWARDER_RETRY_MAX_DELAY_MS,
  DEFAULT_FORWARDER_STANDBY_POLL_MS, type PostgresForwarderOptions,
} from './forwarder-options';
import { ForwarderCounters, type ForwarderStats } from './forwarder-stats';

/** The longest one pull waits for events, so a stop is noticed this soon when nothing comes. */
const PULL_WAIT_MS = 500;

/**
 * Relays the events committed to a PostgreSQL outbox (the backend's `events` table) to another
 * bus — typically Redis, for teams whose workers read Redis — in order, at least once, resuming
 * after a crash where it stopped.
 *
 * It consumes the backend's own delivery model as a group of its own, `necrostack:forwarder`,
 * which gets a delivery of every event whatever its type (migration 3): each claimed batch, oldest
 * first, is sent with one `publisher.enqueue(batch)`, and acked only once that resolved. Only one
 * forwarder per schema and group is active — the holder of a PostgreSQL advisory lock — so the order
 * is kept; others stand by and take over within `standbyPollMs` of a crash (the lock ends with the
 * crashed session), first making the dead forwarder's claimed batch visible again so it is sent
 * before anything newer. Events keep their id, timestamp, lineage and headers: a batch sent twice
 * (the forwarder died between the publish and the ack) is recognisable downstream by event id.
 * Rolled-back events never exist, so they are never forwarded. See docs/postgres.md, "Forwarder".
 *
 * @example
 * ```ts
 * const redis = new RedisBackend({ url: process.env.REDIS_URL });
 * const forwarder = new PostgresForwarder({ postgres: { connectionString: process.env.DATABASE_URL }, publisher: redis });
 * process.once('SIGTERM', () => void forwarder.stop());
 * await forwarder.run(); // until stop(): forwards while it holds the lease, stands by otherwise
 * await redis.close();
 * ```
 */
export class PostgresForwarder {
  /** The group the forwarder consumes as. */
  readonly group: string;
  readonly #options: PostgresForwarderOptions;
  readonly #batchSize: number;
  readonly #standbyPollMs: number;
  readonly #retryBaseDelayMs: number;
  readonly #retryMaxDelayMs: number;
  readonly #consumerName: string;
  readonly #logger: Logger;
  readonly #leaseDb: Database;
  readonly #lease: ForwarderLease;
  readonly #counters = new ForwarderCounters();
  readonly #stop = new AbortController();
  #running: Promise<void> | undefined;

  /** @throws ConfigurationError naming the invalid option (never repeating the connection string). */
  constructor(options: PostgresForwarderOptions) {
    if (typeof options?.postgres !== 'object' || options.postgres === null) {
      throw new ConfigurationError('postgres', 'is required: the PostgreSQL backend options of the outbox ({ connectionString } or { pool }, schema…)');
    }
    if (typeof options.publisher?.enqueue !== 'function') {
      throw new ConfigurationError('publisher', 'is required: where events go, e.g. new RedisBackend({ url })');
    }
    const postgres = resolveOptions(options.postgres);
    this.#options = options;
    this.group = nonEmptyOption('group', options.group ?? DEFAULT_FORWARDER_GROUP);
    this.#batchSize = integerOption('batchSize', options.batchSize ?? DEFAULT_FORWARDER_BATCH_SIZE, 1);
    this.#standbyPollMs = integerOption('standbyPollMs', options.standbyPollMs ?? DEFAULT_FORWARDER_STANDBY_POLL_MS, 1);
    this.#retryBaseDelayMs = integerOption('retryBaseDelayMs', options.retryBaseDelayMs ?? DEFAULT_FORWARDER_RETRY_BASE_DELAY_MS, 1);
    this.#retryMaxDelayMs = integerOption('retryMaxDelayMs', options.retryMaxDelayMs ?? DEFAULT_FORWARDER_RETRY_MAX_DELAY_MS, 1);
    this.#consumerName = postgres.consumerName;
    this.#logger = (options.logger ?? options.postgres.logger ?? createLogger())
      .child({ component: 'postgres-forwarder', group: this.group, consumer: postgres.consumerName });
    // The lease lives on a connection of its own (a pool of 2 when the forwarder builds it), apart from the backend's.
    this.#leaseDb = new Database({ pool: postgres.pool, connectionString: postgres.connectionString, poolSize: 2 }, this.#logger);
    this.#lease = new ForwarderLease(this.#leaseDb, `${postgres.schema}.${this.group}`, this.#logger);
  }

  /** A snapshot of what this forwarder did. */
  get stats(): ForwarderStats {
    return this.#counters.snapshot();
  }

  /**
   * Forwards until {@link stop}: stands by while another forwarder holds the lease, forwards while
   * this one does. PostgreSQL or the destination being down is waited out (logged, retried).
   * Resolves once stopped; may be called once.
   * @throws ClosedError when called again, or when the publisher was closed under it;
   * ConfigurationError when the group is an organ's; BackendUnavailableError (`permanent`) when
   * PostgreSQL refuses the credentials, the database or a privilege — what no retry fixes.
   */
  run(): Promise<void> {
    if (this.#running) return Promise.reject(new ClosedError('PostgresForwarder (run() was called already)'));
    this.#running = this.#run();
    return this.#running;
  }

  /**
   * Stops gracefully: a batch being published is published and acked, what is claimed beyond it
   * is handed back, the lease is released (a standby takes over at once). Resolves once `run()`
   * did. Idempotent.
   */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running?.catch(() => undefined);
  }

  get #stopping(): boolean {
    return this.#stop.signal.aborted;
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopping) {
        this.#counters.state = 'standby';
        if (await this.#acquire()) await this.#activeTerm();
        else await this.#sleep(this.#standbyPollMs);
      }
    } finally {
      this.#lease.release();
      await this.#leaseDb.close();
      this.#counters.state = 'stopped';
    }
  }

  async #acquire(): Promise<boolean> {
    try {
      return await this.#lease.tryAcquire();
    } catch (error) {
      if (isFatal(error)) throw error;
      this.#logger.warn('Could not ask PostgreSQL for the forwarder lease; trying again', { error: sanitize(error) });
      return false;
    }
  }

  /** Forwards while the lease is held, on a backend of its own that closes (handing back what it holds) at the end. */
  async #activeTerm(): Promise<void> {
    const backend = new PostgresBackend({ ...this.#options.postgres, consumerName: this.#consumerName, logger: this.#logger });
    const groupDb = new Database({ pool: backend.pool, connectionString: undefined, poolSize: 0 }, this.#logger);
    try {
      await backend.connect();
      const group = new ForwarderGroup(groupDb, backend.tables, this.group);
      await group.register();
      const orphans = await group.reclaimOrphans();
      await backend.subscribe([{ group: this.group, eventTypes: [] }]);
      this.#counters.state = 'active';
      this.#counters.activations += 1;
      this.#logger.info('Forwarder active', { schema: backend.tables.schemaName, reclaimed: orphans });
      while (!this.#stopping && this.#lease.held) {
        const deliveries = await backend.pull(this.#batchSize, PULL_WAIT_MS);
        if (deliveries.length > 0) await this.#forward(backend, deliveries);
      }
    } catch (error) {
      if (isFatal(error)) throw error;
      this.#logger.warn('Forwarding stopped by an error; starting again', { error: sanitize(error) });
      await this.#sleep(this.#standbyPollMs);
    } finally {
      await groupDb.close(); // the backend's pool: only its error listener goes
      await backend.close();
      if (!this.#stopping && !this.#lease.held) this.#lease.release();
    }
  }

  /** Publishes one claimed batch in order, then acks it; dead-letters the rows that are no event. */
  async #forward(backend: PostgresBackend, deliveries: readonly Delivery[]): Promise<void> {
    const sent: Delivery[] = [];
    const events: Event<object>[] = [];
    const letters: DeadLetter[] = [];
    for (const delivery of deliveries) {
      if (delivery.attempt > 1) this.#counters.redelivered += 1;
      if (delivery.kind === 'event') {
        sent.push(delivery);
        events.push(delivery.event);
      } else {
        letters.push({ delivery, event: delivery.raw, organ: this.group, error: describeError(delivery.error), attempts: delivery.attempt });
      }
    }
    // Not published (stopping, or the lease is gone): left claimed, handed back when the backend closes.
    if (events.length > 0 && !(await this.#publish(events))) return;
    await backend.settle({ acks: sent, nacks: [], releases: [], deadLetters: letters });
    this.#counters.forwarded += events.length;
    this.#counters.deadLettered += letters.length;
  }

  /** Publishes until it succeeds; resolves false, unpublished, when the forwarder stops or loses the lease first. */
  async #publish(events: readonly Event<object>[]): Promise<boolean> {
    for (let failures = 0; this.#lease.held; ) {
      try {
        await this.#options.publisher.enqueue(events);
        this.#counters.batches += 1;
        return true;
      } catch (error) {
        if (error instanceof ClosedError) throw error;
        failures += 1;
        this.#counters.publishFailures += 1;
        this.#logger.warn('Could not publish a batch; trying again', { events: events.length, failures, error: sanitize(error) });
        if (this.#stopping) return false;
        await this.#sleep(Math.min(this.#retryMaxDelayMs, this.#retryBaseDelayMs * 2 ** (failures - 1)));
        if (this.#stopping) return false;
      }
    }
    return false;
  }

  /** Sleeps `ms`, or less when the forwarder stops. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#stop.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#stop.signal.addEventListener('abort', done);
    });
  }
}

/** What waiting cannot fix: run() stops with it rather than retry forever. */
function isFatal(error: unknown): boolean {
  return error instanceof ClosedError || error instanceof ConfigurationError || (error instanceof BackendUnavailableError && error.permanent);
}
