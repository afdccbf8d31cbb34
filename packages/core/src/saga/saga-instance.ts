import { OrganDefinitionError } from '../errors';
import type { Event } from '../event/event';

/**
 * The saga instance a step works on: its correlation key and its state, loaded before the step
 * runs and saved after it returns (with optimistic concurrency). Change `state` in place or assign
 * a new object; call {@link SagaInstance.complete} when the process is over.
 *
 * @example
 * ```ts
 * @SagaStep('PAYMENT_PROCESSED')
 * paid(event: Event<{ order_id: string }>, saga: SagaInstance<OrderState>) {
 *   saga.state.status = 'paid';
 *   saga.cancelTimeout('payment');
 *   return new Event('RESERVE_STOCK', { order_id: saga.key });
 * }
 * ```
 */
export class SagaInstance<S extends object = Record<string, unknown>> {
  /** The state: JSON (what `JSON.stringify` keeps is what the next step sees). */
  state: S;
  #completed = false;
  readonly #scheduled = new Map<string, Event<object>>();
  readonly #cancelled = new Set<string>();

  /** @internal Built by the saga runtime for each step. */
  constructor(
    /** The correlation key: which instance of the saga this is. */
    readonly key: string,
    state: S,
    /** Whether this step starts the instance (nothing was stored for the key). */
    readonly isNew: boolean,
    private readonly saga: string,
    private readonly handledTypes: ReadonlySet<string>,
  ) {
    this.state = state;
  }

  /**
   * Ends the instance once this step's state is saved: later events for the key — its pending
   * timeouts too — are ignored (acked) while the completed instance is kept
   * (`completedRetentionMs` of {@link sagas}), so a redelivered start event cannot start it again.
   */
  complete(): void {
    this.#completed = true;
  }

  /** Whether {@link SagaInstance.complete} was called. */
  get completed(): boolean {
    return this.#completed;
  }

  /**
   * Asks for `event` — a delayed event (`deliverAt` or `delayMs`) of a type one of this saga's
   * steps handles — to come back to this instance as its timeout `name`, once this step is saved.
   * It replaces a pending timeout of the same name. The step for its type runs only if the
   * timeout is still pending then: not cancelled, not replaced, the instance not completed.
   * @throws OrganDefinitionError when the event is not delayed or no step of the saga handles its type.
   *
   * @example
   * ```ts
   * saga.scheduleTimeout('payment', new Event('PAYMENT_TIMEOUT', { order_id: saga.key }, { delayMs: 15 * 60_000 }));
   * ```
   */
  scheduleTimeout(name: string, event: Event<object>): void {
    if (typeof name !== 'string' || name.length === 0) throw new OrganDefinitionError(this.saga, 'scheduleTimeout() needs a non-empty name');
    if (event.deliverAt === undefined) {
      throw new OrganDefinitionError(this.saga, `the timeout ${name} (${event.eventType}) is not a delayed event`,
        'Build it with new Event(type, payload, { delayMs }) or { deliverAt }.');
    }
    if (!this.handledTypes.has(event.eventType)) {
      throw new OrganDefinitionError(this.saga, `the timeout ${name} is a ${event.eventType} event, which no @SagaStep() of the saga handles`);
    }
    this.#cancelled.delete(name);
    this.#scheduled.set(name, event);
  }

  /** Cancels the pending timeout `name` (no-op when there is none): when it comes, it is ignored. */
  cancelTimeout(name: string): void {
    this.#scheduled.delete(name);
    this.#cancelled.add(name);
  }

  /** @internal The timeouts this step scheduled, by name. */
  get scheduledTimeouts(): ReadonlyMap<string, Event<object>> {
    return this.#scheduled;
  }

  /** @internal The timeouts this step cancelled. */
  get cancelledTimeouts(): ReadonlySet<string> {
    return this.#cancelled;
  }
}
