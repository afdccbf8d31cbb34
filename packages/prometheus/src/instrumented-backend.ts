import type { Backend, BackendCapabilities, DeadLetterQueue, Delivery, Event, Settlement, Subscription } from '@necrostack/core';

/** What an {@link InstrumentedBackend} reports, once each settlement went through. */
export interface SettlementObserver {
  /** A delivery settled: `outcome` says how, `seconds` is the time since it was pulled. */
  onSettled(delivery: Delivery, outcome: 'handled' | 'failed' | 'released', seconds: number | undefined): void;
  /** A dead letter was written; `organ` is the organ that failed, `eventType` undefined for a malformed entry. */
  onDeadLettered(organ: string, eventType: string | undefined): void;
}

/**
 * A {@link Backend} that forwards everything to another and tells an observer what each settlement
 * did. The Spine only talks to its backend, so this sees every delivery's outcome without a hook
 * in core: acks are handled events, nacks failed ones, dead letters name their organ.
 *
 * @example
 * ```ts
 * const backend = new InstrumentedBackend(new RedisBackend({ url }), metrics);
 * ```
 */
export class InstrumentedBackend implements Backend {
  private readonly pulledAt = new WeakMap<Delivery, number>();
  /** The wrapped backend's, when it has one: schedules keep working through this wrapper. */
  readonly claimTick: Backend['claimTick'];

  constructor(readonly inner: Backend, private readonly observer: SettlementObserver) {
    this.claimTick = inner.claimTick?.bind(inner);
  }

  get deadLetters(): DeadLetterQueue {
    return this.inner.deadLetters;
  }

  /** The wrapped backend's: what it can honour, it still can. */
  get capabilities(): BackendCapabilities | undefined {
    return this.inner.capabilities;
  }

  get maxDeliveries(): number {
    return this.inner.maxDeliveries;
  }

  enqueue(events: Event<object> | readonly Event<object>[]): Promise<void> {
    return this.inner.enqueue(events);
  }

  subscribe(subscriptions: readonly Subscription[]): Promise<void> {
    return this.inner.subscribe(subscriptions);
  }

  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    const deliveries = await this.inner.pull(max, waitMs);
    const now = performance.now();
    for (const delivery of deliveries) this.pulledAt.set(delivery, now);
    return deliveries;
  }

  async settle(settlement: Settlement): Promise<void> {
    await this.inner.settle(settlement);
    const now = performance.now();
    const seconds = (d: Delivery): number | undefined => {
      const at = this.pulledAt.get(d);
      return at === undefined ? undefined : (now - at) / 1000;
    };
    for (const d of settlement.acks) this.observer.onSettled(d, 'handled', seconds(d));
    for (const d of settlement.nacks) this.observer.onSettled(d, 'failed', seconds(d));
    for (const d of settlement.releases) this.observer.onSettled(d, 'released', undefined);
    for (const letter of settlement.deadLetters) {
      const eventType = typeof letter.event === 'string' ? undefined : letter.event.eventType;
      this.observer.onDeadLettered(letter.organ ?? letter.delivery?.group ?? '', eventType);
      if (letter.delivery) this.observer.onSettled(letter.delivery, 'failed', seconds(letter.delivery));
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
