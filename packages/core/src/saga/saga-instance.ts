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
 *   return new Event('RESERVE_STOCK', { order_id: saga.key });
 * }
 * ```
 */
export class SagaInstance<S extends object = Record<string, unknown>> {
  /** The state: JSON (what `JSON.stringify` keeps is what the next step sees). */
  state: S;
  #completed = false;

  /** @internal Built by the saga runtime for each step. */
  constructor(
    /** The correlation key: which instance of the saga this is. */
    readonly key: string,
    state: S,
    /** Whether this step starts the instance (nothing was stored for the key). */
    readonly isNew: boolean,
  ) {
    this.state = state;
  }

  /**
   * Ends the instance once this step's state is saved: later events for the key are ignored
   * (acked) while the completed instance is kept (`completedRetentionMs` of {@link sagas}), so a
   * redelivered start event cannot start it again.
   */
  complete(): void {
    this.#completed = true;
  }

  /** Whether {@link SagaInstance.complete} was called. */
  get completed(): boolean {
    return this.#completed;
  }
}
