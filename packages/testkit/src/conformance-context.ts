import { Event, type Backend, type Delivery, type SagaStore } from '@necrostack/core';
import type { BackendCapabilities, BackendFixture, BackendHarness, BackendTestOptions } from './harness';
import { expectEnqueueOrder } from './enqueue-order';
import { describeDeliveries, pullDeliveries, waitFor } from './wait';

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_QUIET_MS = 50;

/** What every suite of the conformance run shares: the harness, and the backends of the current test. */
export class ConformanceContext {
  readonly timeoutMs: number;
  readonly quietMs: number;
  private fixture: BackendFixture | undefined;
  private backends: Backend[] = [];

  constructor(private readonly harness: BackendHarness) {
    this.timeoutMs = harness.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.quietMs = harness.quietMs ?? DEFAULT_QUIET_MS;
  }

  get capabilities(): BackendCapabilities {
    return this.harness.capabilities;
  }

  /** Whether each group gets its events in one global enqueue order (the `globalOrder` capability, default true). */
  get globalOrder(): boolean {
    return this.harness.capabilities.globalOrder ?? true;
  }

  /** Asserts `ids` are `enqueued`'s, each once, in enqueue order: exactly, or per correlationId without {@link globalOrder}. */
  expectEnqueueOrder(ids: readonly string[], enqueued: readonly Event<object>[]): void {
    expectEnqueueOrder(ids, enqueued, this.globalOrder);
  }

  /** A backend on this test's storage, closed after the test. */
  async open(options: BackendTestOptions = {}): Promise<Backend> {
    this.fixture ??= await this.harness.setup();
    const backend = await this.fixture.createBackend(options);
    this.backends.push(backend);
    return backend;
  }

  /** Stores an undecodable entry through the fixture. */
  async enqueueRaw(raw: string): Promise<void> {
    this.fixture ??= await this.harness.setup();
    if (!this.fixture.enqueueRaw) throw new Error('The malformedEntries capability needs BackendFixture.enqueueRaw()');
    await this.fixture.enqueueRaw(raw);
  }

  /** The fixture's saga store for `backend` (the `sagaStore` capability). */
  async sagaStore(backend: Backend): Promise<SagaStore> {
    this.fixture ??= await this.harness.setup();
    if (!this.fixture.sagaStore) throw new Error('The sagaStore capability needs BackendFixture.sagaStore()');
    return this.fixture.sagaStore(backend);
  }

  /** Exactly `count` deliveries, waiting at most `timeoutMs`. */
  pull(backend: Backend, count: number, max?: number): Promise<Delivery[]> {
    return pullDeliveries(backend, count, { timeoutMs: this.timeoutMs, max });
  }

  /** Fails if a pull hands out anything within `quietMs`. */
  async expectNoMore(backend: Backend): Promise<void> {
    const extra = await backend.pull(1_000, this.quietMs);
    if (extra.length > 0) throw new Error(`Expected no more deliveries, got ${describeDeliveries(extra)}`);
  }

  waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    return waitFor(condition, what, this.timeoutMs);
  }

  /** Closes every backend of the test, then tears its fixture down; rethrows the first failure. */
  async cleanup(): Promise<void> {
    const backends = this.backends;
    const fixture = this.fixture;
    this.backends = [];
    this.fixture = undefined;
    const results = await Promise.allSettled(backends.map((backend) => backend.close()));
    const teardown = await Promise.allSettled([fixture?.teardown?.()]);
    const failure = [...results, ...teardown].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }
}

/**
 * `count` events of one type, payload `{ n }` numbered from 0. With `correlationIds` k, event n has
 * the correlationId `key-<n mod k>` (its partition key on a partitioned backend), else none. A
 * backend without a global order may hand out one delivery per key at a time (RedisBackend with
 * partitions does): give shared keys only where the test settles what it pulls.
 */
export function makeEvents(eventType: string, count: number, correlationIds?: number): Event[] {
  return Array.from({ length: count }, (_, n) =>
    new Event(eventType, { n }, correlationIds === undefined ? {} : { correlationId: `key-${n % correlationIds}` }));
}

/** Registers the test when the backend has the capability; otherwise registers it skipped, saying why. */
export function itWhen(enabled: boolean | undefined, capability: keyof BackendCapabilities, name: string, fn: () => Promise<void>): void {
  if (enabled) it(name, fn);
  else it.skip(`${name} [needs capability: ${capability}]`, fn);
}
