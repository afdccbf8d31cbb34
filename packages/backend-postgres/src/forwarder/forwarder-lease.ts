import type { Logger } from '@necrostack/core';
import type { PoolClient } from 'pg';
import type { Database } from '../connection/database';
import { sanitize } from '../connection/translate-error';

/** The advisory-lock class of forwarder leases (the key is the hash of schema and group): "NF" in ASCII. */
const LEASE_LOCK_CLASS = 0x4e46;

/**
 * The right to forward: a session-level advisory lock on one connection of its own, held while the
 * forwarder is active. PostgreSQL releases it when that session ends, so a forwarder that crashes
 * (its socket closes) or is cut off hands the lease to a standby without any timeout of ours; a
 * forwarder that loses the connection learns it from the client's `error`/`end` and stops forwarding.
 */
export class ForwarderLease {
  #client: PoolClient | undefined;
  #lost = false;
  readonly #onLost = (error?: Error): void => {
    if (this.#lost) return;
    this.#lost = true;
    this.logger.warn('Lost the forwarder lease connection; standing by', { error: error ? sanitize(error) : undefined });
  };

  constructor(private readonly db: Database, private readonly key: string, private readonly logger: Logger) {}

  /** Whether the lease is held on a live connection. */
  get held(): boolean {
    return this.#client !== undefined && !this.#lost;
  }

  /** Takes the lease if no other session holds it; resolves whether it did. Never waits. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    this.release();
    const client = await this.db.connect();
    // Heard from the start: the pool hears idle clients only, and an unheard 'error' ends the process.
    let cut: Error | undefined;
    const onCut = (error: Error): void => { cut ??= error; };
    client.on('error', onCut);
    let acquired: boolean;
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LEASE_LOCK_CLASS, this.key]);
      acquired = rows[0]?.ok === true && cut === undefined;
    } catch (error) {
      // Destroyed with its listener on: it may emit again as it ends.
      client.release(error as Error);
      throw error;
    }
    if (!acquired) {
      if (cut === undefined) client.off('error', onCut);
      client.release(cut);
      return false;
    }
    client.off('error', onCut);
    this.#lost = false;
    client.on('error', this.#onLost);
    client.on('end', this.#onLost);
    this.#client = client;
    return true;
  }

  /** Gives the lease up: the connection is closed, which ends the session and its lock. Idempotent. */
  release(): void {
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    client.off('error', this.#onLost);
    client.off('end', this.#onLost);
    // Destroyed, not returned to the pool: the lock belongs to the session.
    client.release(true);
  }
}
