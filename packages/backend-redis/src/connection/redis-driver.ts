import { createClient, RESP_TYPES } from 'redis';
import type { RedisCommand } from './redis-connection';

/** How one command is sent: its timeout, and whether string replies come as bytes (Buffers). */
export interface SendOptions {
  readonly timeout: number;
  readonly bytes?: boolean;
}

/**
 * What {@link ManagedClient} and {@link RedisConnection} need of a connection to Redis, a single
 * node ({@link NodeDriver}) or a Cluster ({@link ClusterDriver}). It emits `error` (a connection
 * error), `ready` (connected, or reconnected) and `end` (closed for good).
 */
export interface RedisDriver {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  on(event: DriverEvent, listener: Listener): this;
  off(event: DriverEvent, listener: Listener): this;
  /** Connects, retrying with the reconnect strategy; failures are `error` events. */
  connect(): Promise<unknown>;
  /** Closes once the replies in flight came. */
  close(): Promise<unknown>;
  /** Drops the connection now. */
  destroy(): void;
  /** Sends `commands` in one round trip (per node) and resolves with their replies, in order; rejects with the first error. */
  pipeline(commands: readonly RedisCommand[]): Promise<unknown[]>;
  /** Sends one command (commands sent in one tick share a round trip). */
  send(command: RedisCommand, options: SendOptions): Promise<unknown>;
}

/** The events of a {@link RedisDriver}. */
export type DriverEvent = 'error' | 'ready' | 'end';

/** A listener of a {@link DriverEvent}: `error` passes the error, the others nothing. */
export type Listener = (error: unknown) => void;

/** Every string reply as the bytes Redis stored. */
export const BYTES = { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer };

/** Connection settings shared by both drivers. */
export interface DriverSettings {
  readonly socket: Readonly<Record<string, unknown>>;
  readonly connectTimeoutMs: number;
  readonly reconnectStrategy: (retries: number) => number | false;
}

/** A single Redis: one node-redis client (RESP2 replies, raw commands). */
export class NodeDriver implements RedisDriver {
  readonly #client;

  constructor(url: string, settings: DriverSettings) {
    this.#client = createClient({
      url,
      RESP: 2,
      socket: { ...settings.socket, connectTimeout: settings.connectTimeoutMs, reconnectStrategy: settings.reconnectStrategy },
    });
    // As in ClusterDriver: callers waiting for the connection each listen, and stop once it is up.
    this.#client.setMaxListeners(0);
  }

  get isOpen(): boolean {
    return this.#client.isOpen;
  }

  get isReady(): boolean {
    return this.#client.isReady;
  }

  on(event: DriverEvent, listener: Listener): this {
    this.#client.on(event, listener);
    return this;
  }

  off(event: DriverEvent, listener: Listener): this {
    this.#client.off(event, listener);
    return this;
  }

  connect(): Promise<unknown> {
    return this.#client.connect();
  }

  close(): Promise<unknown> {
    return this.#client.close();
  }

  destroy(): void {
    this.#client.destroy();
  }

  pipeline(commands: readonly RedisCommand[]): Promise<unknown[]> {
    const multi = this.#client.multi();
    for (const command of commands) multi.addCommand(command as string[]);
    return multi.execAsPipeline() as Promise<unknown[]>;
  }

  send(command: RedisCommand, options: SendOptions): Promise<unknown> {
    return this.#client.sendCommand(command as string[], commandOptions(options));
  }
}

/** node-redis' options of one command. */
export function commandOptions(options: SendOptions): { timeout: number; typeMapping?: typeof BYTES } {
  return options.bytes ? { timeout: options.timeout, typeMapping: BYTES } : { timeout: options.timeout };
}
