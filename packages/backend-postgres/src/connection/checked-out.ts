import type { PoolClient } from 'pg';

/**
 * A pooled client held for a transaction, heard for the whole time it is held: the pool listens
 * for errors of idle clients only, and an unheard 'error' event (the connection cut by a server
 * restart or `pg_terminate_backend`) would end the process. A client whose connection broke is
 * destroyed on release, never handed out again.
 */
export class CheckedOut {
  #broken: unknown;
  readonly #onLost = (error: Error): void => { this.#broken ??= error; };

  constructor(readonly client: PoolClient) {
    client.on('error', this.#onLost);
  }

  /** Rolls the transaction back, unless the connection is gone; a rollback that fails marks it broken. */
  async rollback(): Promise<void> {
    if (this.#broken !== undefined) return;
    await this.client.query('ROLLBACK').catch((error: unknown) => { this.#broken ??= error; });
  }

  /** Hands the client back to the pool, or has the pool destroy it when its connection broke. */
  release(): void {
    if (this.#broken === undefined) {
      this.client.off('error', this.#onLost);
      this.client.release();
      return;
    }
    // The listener stays on a client that is destroyed: it may emit again as it ends.
    this.client.release(this.#broken instanceof Error ? this.#broken : true);
  }
}
