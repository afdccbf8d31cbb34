import type { Logger } from '@necrostack/core';
import type { PoolClient } from 'pg';
import type { MetricsCounter } from '../metrics';
import { quote } from '../schema/postgres-tables';
import type { Database } from './database';
import { sanitize } from './translate-error';

/** The least time between two attempts to open the LISTEN connection again. */
const RELISTEN_DELAY_MS = 1_000;

/**
 * Wake-ups for waiting pulls: one pooled connection LISTENs on the schema's channel, which the
 * fan-out trigger (and every release) notifies at commit. Each notification bumps `generation`; a
 * pull notes it before it claims, and waits only if nothing came since, so a notification that
 * arrives between the claim and the wait is never missed. When the connection is lost, waits fall
 * back to polling and the next wait opens it again. Other channels (`also`) share the connection:
 * their notifications go to their handler, never to the waits.
 */
export class Listener {
  #client: PoolClient | undefined;
  #connecting: Promise<void> | undefined;
  #lastAttemptAt = 0;
  #lost = false;
  #closed = false;
  #generation = 0;
  readonly #waiters = new Set<() => void>();
  /** Handlers of the other channels, by channel name; told `undefined` when notifications may have been missed. */
  readonly #others = new Map<string, (payload: string | undefined) => void>();

  constructor(
    private readonly db: Database,
    private readonly quotedChannel: string,
    private readonly metrics: MetricsCounter,
    private readonly logger: Logger,
  ) {}

  /** Bumped by every notification. */
  get generation(): number {
    return this.#generation;
  }

  get listening(): boolean {
    return this.#client !== undefined;
  }

  /** Opens the LISTEN connection, unless it is open or was tried less than a second ago; never throws. */
  start(): Promise<void> {
    if (this.#client || this.#closed) return Promise.resolve();
    if (!this.#connecting && Date.now() - this.#lastAttemptAt >= RELISTEN_DELAY_MS) {
      this.#lastAttemptAt = Date.now();
      this.#connecting = this.#connect().finally(() => { this.#connecting = undefined; });
    }
    return this.#connecting ?? Promise.resolve();
  }

  /** Also LISTENs on `channel` (from the next connection on: call it before `start`), handing its payloads to `handler`. */
  also(channel: string, handler: (payload: string | undefined) => void): void {
    this.#others.set(channel, handler);
  }

  /** Resolves on a notification after `seen`, after `ms`, or at close, whichever comes first. */
  wait(seen: number, ms: number): Promise<void> {
    void this.start();
    if (this.#generation !== seen || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  /** Wakes the waits as a notification would (the consumer itself knows there is work to claim). */
  nudge(): void {
    this.#generation++;
    this.#wake();
  }

  /** Ends every wait and the LISTEN connection. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake();
    await this.#connecting;
    this.#drop(true);
  }

  async #connect(): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.db.connect();
    } catch (error) {
      this.#onLost(error);
      return;
    }
    client.on('notification', (message) => {
      const other = this.#others.get(message.channel);
      if (other) return other(message.payload);
      this.#generation++;
      this.#wake();
    });
    client.on('error', (error: Error) => this.#onLost(error));
    try {
      await client.query([this.quotedChannel, ...[...this.#others.keys()].map(quote)].map((channel) => `LISTEN ${channel}`).join('; '));
    } catch (error) {
      client.release(error as Error);
      this.#onLost(error);
      return;
    }
    if (this.#closed) {
      client.release(true);
      return;
    }
    this.#client = client;
    if (this.#lost) this.metrics.reconnections++;
    this.#lost = false;
    // Something may have been enqueued while nobody listened: let the waits claim once more.
    this.#generation++;
    this.#wake();
    for (const other of this.#others.values()) other(undefined);
  }

  #onLost(error: unknown): void {
    if (this.#closed) return;
    if (!this.#lost) this.logger.warn('LISTEN connection lost; polling until it is back', { error: sanitize(error) });
    this.#lost = true;
    this.#drop(error instanceof Error ? error : true);
  }

  #drop(reason: Error | true): void {
    const client = this.#client;
    this.#client = undefined;
    // A client that LISTENs must not go back to the pool: it is destroyed.
    client?.release(reason);
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
