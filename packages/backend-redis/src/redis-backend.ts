import {
  ClosedError, createLogger, type Backend, type BackendCapabilities, type Delivery, type Event, type Logger, type Settlement, type Subscription,
} from '@necrostack/core';
import { RedisConnection, type RedisCommand } from './connection/redis-connection';
import { ClaimKeeper } from './consumer/claim-keeper';
import { DelayedPromoter } from './consumer/delayed-promoter';
import { DeadLetterWriter } from './consumer/dead-letter-writer';
import { GroupRegistry } from './consumer/group-registry';
import { InFlight, type Holding } from './consumer/in-flight';
import { PartitionOwners } from './consumer/partition-owners';
import { Puller } from './consumer/puller';
import { releaseCommand, Settler } from './consumer/settler';
import { SkipAcks } from './consumer/skip-acks';
import { RedisDeadLetterQueue } from './dead-letters/redis-dead-letter-queue';
import { checkHealth, type RedisHealth } from './maintenance/health';
import { Retention, type MaintenanceReport } from './maintenance/retention';
import { MetricsCounter, type RedisMetrics } from './metrics';
import type { RedisBackendOptions } from './options/redis-backend-options';
import { resolveOptions, type ResolvedRedisOptions } from './options/resolve-options';
import { Producer } from './producer/producer';
import { TickClaimer } from './producer/tick-claimer';
import { RedisKeys } from './redis-keys';
import { RedisSagaStore } from './sagas/redis-saga-store';
import { sanitize, toUnavailable } from './translate-error';

const CLOSE_RELEASE_TIMEOUT_MS = 2_000;

/**
 * The Redis Streams backend: events survive restarts and are shared by any number of worker
 * processes. Each organ (or shared group) is a consumer group `${consumerGroup}:${group}` on the
 * events stream; delivery is at-least-once per organ, a worker killed at any instant loses
 * nothing (its pending deliveries are taken over after `claimMinIdleMs`), and every failure lands
 * in the durable dead-letter stream. Delayed events wait in a sorted set until due, and every
 * worker moves the due ones into the streams atomically (docs/scheduling.md). The connection is
 * opened on first use and reconnects by itself; `cluster: { rootNodes }` connects to a Redis
 * Cluster instead of `url`. Layout, delivery, recovery, retention and Cluster: docs/redis.md.
 *
 * @example
 * ```ts
 * const backend = new RedisBackend({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * const spine = new Spine({ organs: [ChargeCard, SendReceipt], backend });
 * process.on('SIGTERM', () => void spine.stop());
 * await spine.runForever();
 * await backend.close();
 * ```
 */
export class RedisBackend implements Backend {
  /** Idempotent groups remember completed event ids (for `idempotencyTtlMs`); delayed events wait durably. */
  readonly capabilities: BackendCapabilities = { idempotentSubscriptions: true, delayedDelivery: true };
  readonly maxDeliveries: number;
  /** The dead-letter stream: list, replay, purge. */
  readonly deadLetters: RedisDeadLetterQueue;
  /** Saga instances, in this Redis: give it to `sagas({ store: backend.sagas })`. */
  readonly sagas: RedisSagaStore;
  /** Every key and group name this backend uses. */
  readonly keys: RedisKeys;
  /** This worker's consumer name in every group. */
  readonly consumerName: string;

  // Private fields: the options hold the url, and the url may hold a password.
  readonly #options: ResolvedRedisOptions;
  readonly #logger: Logger;
  readonly #metrics = new MetricsCounter();
  readonly #connection: RedisConnection;
  readonly #groups: GroupRegistry;
  readonly #inFlight = new InFlight();
  readonly #puller: Puller;
  readonly #settler: Settler;
  readonly #keeper: ClaimKeeper;
  /** Partition ownership (per-key ordering across workers); undefined with `ordering: 'none'`. */
  readonly #owners: PartitionOwners | undefined;
  readonly #promoter: DelayedPromoter;
  readonly #retention: Retention;
  readonly #producer: Producer;
  readonly #ticks: TickClaimer;
  #activePull: Promise<unknown> | undefined;
  #closing: Promise<void> | undefined;

  /** @throws ConfigurationError naming the invalid option (never repeating the url). */
  constructor(options: RedisBackendOptions = {}) {
    const o = resolveOptions(options);
    this.#options = o;
    this.maxDeliveries = o.maxDeliveries;
    this.consumerName = o.consumerName;
    this.#logger = (options.logger ?? createLogger()).child({ component: 'redis-backend', consumer: o.consumerName });
    this.keys = new RedisKeys({ streamKey: o.streamKey, consumerGroup: o.consumerGroup, dlqStream: o.dlqStream, layout: o.layout, partitions: o.partitions, partitionKey: o.partitionKey });
    this.#connection = new RedisConnection(o, this.#logger, this.#metrics);
    this.#groups = new GroupRegistry(this.keys, this.#connection, o.startAt);
    this.deadLetters = new RedisDeadLetterQueue(this.keys, this.#connection);
    this.sagas = new RedisSagaStore(this.keys, this.#connection);
    const writer = new DeadLetterWriter(this.keys, o.deadLetterMaxLen, (length, dropped) => this.deadLetters.noteState(length, dropped));
    const skipAcks = new SkipAcks(this.#metrics);
    const shared = { keys: this.keys, connection: this.#connection, groups: this.#groups, inFlight: this.#inFlight, skipAcks, deadLetters: writer, metrics: this.#metrics };
    // The lease is the failure-detection time of the takeover of pending deliveries; the leases are
    // looked at as often as the claims, so a released partition is taken within a claim interval.
    this.#owners = o.orderedKeys
      ? new PartitionOwners(this.keys, this.#connection, this.#groups, this.#inFlight, o.consumerName, o.claimMinIdleMs, o.claimIntervalMs, this.#logger)
      : undefined;
    this.#puller = new Puller({ ...shared, options: o, logger: this.#logger, isClosed: () => this.#closing !== undefined, owners: this.#owners });
    this.#settler = new Settler({ ...shared, consumer: o.consumerName, idempotencyTtlMs: o.idempotencyTtlMs });
    this.#keeper = new ClaimKeeper(this.#connection, this.#groups, this.#inFlight, o.consumerName, o.claimMinIdleMs, this.#logger);
    this.#retention = new Retention(this.#connection, this.#groups, o.retentionIntervalMs, o.consumerIdleMs, this.#logger);
    this.#producer = new Producer(this.keys, this.#connection, o, this.#metrics);
    this.#promoter = new DelayedPromoter(this.keys, this.#connection,
      { pollIntervalMs: o.delayedPollIntervalMs, batchSize: o.delayedBatchSize, maxLen: o.maxLen }, this.#metrics, this.#logger);
    this.#producer.onDelayed = (dueAt) => this.#promoter.noteDue(dueAt);
    this.#ticks = new TickClaimer(this.keys, this.#connection, o.maxLen);
  }

  /** A snapshot of this instance's counters. */
  get metrics(): RedisMetrics {
    return this.#metrics.snapshot();
  }

  /**
   * Appends the events to their stream, in order, with one script call (one round trip); resolves
   * once Redis stored them all (durably as far as its `appendfsync` policy goes). An event whose
   * `deliverAt` is in the future goes to the delayed set, and into its stream once due. Calling it again
   * with the same events after an `EnqueueError` whose `outcome` is `unknown` (no reply came) stores
   * them once, within `enqueueDedupWindowMs`.
   * @throws EnqueueError or BackendUnavailableError when Redis cannot be reached; ClosedError after close().
   */
  enqueue(events: Event<object> | readonly Event<object>[]): Promise<void> {
    if (this.#closing) return Promise.reject(new ClosedError('RedisBackend'));
    return this.#producer.enqueue(Array.isArray(events) ? (events as readonly Event<object>[]) : [events as Event<object>]);
  }

  /**
   * Claims the tick `tickAt` of a recurring schedule and writes its event, atomically, unless a
   * worker claimed it (or a later tick) already: each tick's event is stored once, however many
   * workers run the schedule. The Spine calls it for its `schedules` option (docs/scheduling.md).
   * @throws BackendUnavailableError when Redis cannot be reached; ClosedError after close().
   */
  claimTick(schedule: string, tickAt: number, event: Event<object>): Promise<boolean> {
    if (this.#closing) return Promise.reject(new ClosedError('RedisBackend'));
    return this.#ticks.claim(schedule, tickAt, event);
  }

  /**
   * Creates the consumer groups (XGROUP CREATE … MKSTREAM; existing ones are kept), and starts
   * moving due delayed events into the streams. Idempotent.
   */
  async subscribe(subscriptions: readonly Subscription[]): Promise<void> {
    if (this.#closing) throw new ClosedError('RedisBackend');
    await this.#groups.subscribe(subscriptions);
    this.#keeper.start();
    await this.#owners?.start();
    this.#promoter.start();
  }

  /** Up to `max` deliveries across the subscribed groups; waits up to `waitMs` when none is ready. */
  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    if (this.#closing) return [];
    this.#retention.maybeRun();
    const pulling = this.#puller.pull(max, waitMs);
    this.#activePull = pulling.catch(() => undefined);
    return pulling;
  }

  /** Acks, nacks, releases and dead-letters in one pipelined round trip. Idempotent per delivery. */
  async settle(settlement: Settlement): Promise<void> {
    if (this.#closing) {
      const onlyReleases = settlement.acks.length + settlement.nacks.length + settlement.deadLetters.length === 0;
      if (onlyReleases) return; // close() handed everything back already
      throw new ClosedError('RedisBackend');
    }
    try {
      await this.#settler.settle(settlement);
    } finally {
      this.#puller.noteSettled();
    }
    if (settlement.releases.length > 0) this.#puller.claimSoon();
  }

  /**
   * Connects now and checks that Redis accepts the connection (PING); the backend otherwise
   * connects on first use. Lets an application (or `necro worker`) fail at start-up, not at its
   * first event. Idempotent.
   * @throws BackendUnavailableError at once, with `permanent: true`, when Redis refuses the
   * credentials, the host is unknown or TLS fails; after `commandTimeoutMs` when Redis cannot be
   * reached (the message names the last error).
   * @throws ClosedError after `close()`.
   * @example
   * ```ts
   * const backend = new RedisBackend({ url: process.env.REDIS_URL });
   * await backend.connect(); // fails here, with the reason, if Redis will not have us
   * ```
   */
  async connect(): Promise<void> {
    if (this.#closing) throw new ClosedError('RedisBackend');
    try {
      await this.#connection.ping();
    } catch (error) {
      throw toUnavailable('PING', error);
    }
  }

  /** Connection, stream lengths, pending per group, consumers and dead letters; never throws. */
  health(): Promise<RedisHealth> {
    return checkHealth(this.#connection, this.keys, this.#groups, this.consumerName, this.#options.healthTimeoutMs);
  }

  /** Applies the retention policy now (workers also do it every `retention.intervalMs`). */
  maintain(): Promise<MaintenanceReport> {
    return this.#retention.run();
  }

  /**
   * Stops reading, hands back every delivery this consumer still holds (buffered, nacked, or in
   * flight) so another consumer takes it at once, releases its partition leases and leaves the
   * groups' member sets (per-key ordering), and closes the connections. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await this.#connection.interrupt();
    await this.#activePull;
    await this.#puller.settled();
    await this.#keeper.stop();
    await this.#owners?.stop();
    await this.#promoter.stop();
    await this.#retention.idle();
    await this.#handBack(this.#inFlight.drain());
    // Handed back first: the next owner of each partition takes them at once, in a batch.
    if (this.#connection.isReady) await this.#owners?.leave(CLOSE_RELEASE_TIMEOUT_MS);
    await this.#connection.close();
    this.#logger.debug('Redis backend closed');
  }

  async #handBack(holdings: readonly Holding[]): Promise<void> {
    if (holdings.length === 0 || !this.#connection.isReady) return;
    const batches = new Map<string, { holding: Holding; retryCount: number; ids: string[] }>();
    for (const holding of holdings) {
      const nacked = this.#groups.get(holding.group)?.redeliveries.has(holding.deliveryId);
      // A nacked entry owes its next attempt; one never finished was not a real attempt.
      const retryCount = nacked ? holding.attempt : holding.attempt - 1;
      const key = `${holding.redisGroup}\n${holding.stream}\n${retryCount}`;
      const batch = batches.get(key) ?? { holding, retryCount, ids: [] };
      batches.set(key, batch);
      batch.ids.push(holding.entryId);
    }
    const commands: RedisCommand[] = [...batches.values()].map(({ holding, retryCount, ids }) =>
      releaseCommand(holding.stream, holding.redisGroup, this.consumerName, ids, retryCount));
    try {
      await this.#connection.pipeline(commands, CLOSE_RELEASE_TIMEOUT_MS);
    } catch (error) {
      this.#logger.warn('Could not hand back pending deliveries; they are taken over after claimMinIdleMs', {
        count: holdings.length, error: sanitize(error),
      });
    }
  }
}
