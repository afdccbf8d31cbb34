import type { Backend, SagaStore } from '@necrostack/core';

/**
 * What a backend can do beyond the core contract, Watermill-style. A test that needs a capability the
 * backend lacks is registered as skipped, with the capability in its name, so the gap stays visible.
 * `globalOrder` skips nothing: it decides what the suite's order checks assert.
 */
export interface BackendCapabilities {
  /**
   * Events, pending deliveries and dead letters outlive `close()`: a second backend created by the
   * same fixture sees them (Redis Streams). False for a backend that lives in one process's memory.
   */
  readonly persistent: boolean;
  /**
   * Several backends created by one fixture may read the same group at once (one consumer each), and
   * every event is delivered to exactly one of them.
   */
  readonly competingConsumers?: boolean;
  /**
   * The backend can hold an entry that does not decode into an Event, and hands it out as a
   * `kind: 'malformed'` delivery. Requires {@link BackendFixture.enqueueRaw}.
   */
  readonly malformedEntries?: boolean;
  /**
   * A group subscribed with `idempotent: true` is not handed an event (same id) it already completed.
   */
  readonly idempotentSubscriptions?: boolean;
  /** An event with a `deliverAt` is not handed out before that time, and is after it. */
  readonly delayedDelivery?: boolean;
  /** `claimTick` claims each tick of a schedule once, atomically with the write of its event (recurring schedules). */
  readonly recurringSchedules?: boolean;
  /** The fixture has a saga store ({@link BackendFixture.sagaStore}) on the backend's storage. */
  readonly sagaStore?: boolean;
  /**
   * Each group is handed its events in the one order they were enqueued in. Default true. False for a
   * partitioned backend: events of different partition keys have no order between them; events
   * sharing a correlationId keep their order. The suite then checks, wherever it checks an order,
   * that the same events came (none lost, none extra) and each correlationId's in enqueue order.
   *
   * @example
   * ```ts
   * // Events are spread over 4 partition streams by correlationId (else id).
   * describeBackendConformance('RedisBackend with 4 partitions', {
   *   capabilities: { persistent: true, globalOrder: false },
   *   setup: () => ({ createBackend: (options) => new RedisBackend({ partitions: 4, ...options }) }),
   * });
   * ```
   */
  readonly globalOrder?: boolean;
}

/** Options the suite asks a backend to be built with. Every option the fixture does not set is the backend's default. */
export interface BackendTestOptions {
  /** Attempts before the Spine dead-letters a nacked delivery. */
  readonly maxDeliveries?: number;
}

/**
 * Isolated storage for one test: every backend it creates shares that storage (for a persistent
 * backend, e.g. one unique stream key) and nothing else does.
 */
export interface BackendFixture {
  /** A new backend on this fixture's storage. The suite closes it after the test. */
  createBackend(options: BackendTestOptions): Backend | Promise<Backend>;
  /**
   * Stores `raw` as an entry in the backend's native format (e.g. a stream entry whose `event` field
   * is `raw`), bypassing validation. Needed with the `malformedEntries` capability.
   */
  enqueueRaw?(raw: string): Promise<void>;
  /**
   * The saga store that goes with `backend` (e.g. `backend.sagas`), on this fixture's storage: every
   * call for the backends of one fixture shares its instances. Needed with the `sagaStore` capability.
   */
  sagaStore?(backend: Backend): SagaStore;
  /** Deletes the storage (keys, files…). Called after every backend of the test was closed. */
  teardown?(): void | Promise<void>;
}

/**
 * How the conformance suite gets backends. `setup()` runs once per test (lazily, on the first
 * backend the test opens) and must return a fixture isolated from every other test.
 *
 * @example
 * ```ts
 * describeBackendConformance('InMemoryBackend', {
 *   capabilities: { persistent: false },
 *   setup: () => ({ createBackend: (options) => new InMemoryBackend(options) }),
 * });
 * ```
 */
export interface BackendHarness {
  readonly capabilities: BackendCapabilities;
  setup(): BackendFixture | Promise<BackendFixture>;
  /** Longest wait for something expected (deliveries, a condition), in ms. Default 5,000. */
  readonly timeoutMs?: number;
  /** How long a pull must stay empty for the suite to conclude nothing more is coming, in ms. Default 50. */
  readonly quietMs?: number;
}
