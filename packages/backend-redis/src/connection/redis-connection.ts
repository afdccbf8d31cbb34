import { withTimeout, type Logger } from '@necrostack/core';
import type { ResolvedRedisOptions } from '../options/resolve-options';
import type { MetricsCounter } from '../metrics';
import { ManagedClient } from './managed-client';

/** A Redis command as sent: its name and arguments. */
export type RedisCommand = readonly string[];

/**
 * The backend's two connections: `command` for everything that answers at once, pipelined;
 * `reader` for the blocking wait, so a BLOCK never delays an ack or a health check. On a Redis
 * Cluster each is a cluster client, and a command goes to the master of its key's slot.
 */
export class RedisConnection {
  readonly #command: ManagedClient;
  readonly #reader: ManagedClient;
  readonly #timeoutMs: number;

  constructor(options: ResolvedRedisOptions, logger: Logger, metrics: MetricsCounter) {
    this.#timeoutMs = options.commandTimeoutMs;
    this.#command = new ManagedClient(options, 'command', logger, () => { metrics.reconnections++; });
    this.#reader = new ManagedClient(options, 'reader', logger, () => undefined);
  }

  /** Whether the command connection is up right now. */
  get isReady(): boolean {
    return this.#command.isReady;
  }

  /**
   * Sends `commands` in one pipeline (one round trip) and resolves with their replies in order.
   * Rejects with the first error reply, or when no answer came within `timeoutMs`.
   */
  async pipeline(commands: readonly RedisCommand[], timeoutMs = this.#timeoutMs): Promise<unknown[]> {
    if (commands.length === 0) return [];
    const deadline = Date.now() + timeoutMs;
    const client = this.#command.readyClient ?? (await this.#command.ready(deadline));
    return this.#noted(withDeadline(client.pipeline(commands), deadline));
  }

  /**
   * Like {@link RedisConnection.pipeline}, with every string reply as the bytes Redis stored (a
   * Buffer), for what must not be decoded as UTF-8 blindly.
   */
  async pipelineBytes(commands: readonly RedisCommand[], timeoutMs = this.#timeoutMs): Promise<unknown[]> {
    if (commands.length === 0) return [];
    const deadline = Date.now() + timeoutMs;
    const client = this.#command.readyClient ?? (await this.#command.ready(deadline));
    const options = { bytes: true, timeout: Math.max(1, deadline - Date.now()) };
    return withDeadline(Promise.all(commands.map((command) => client.send(command, options))), deadline);
  }

  /** Sends `commands` in one round trip; each reply or error is reported on its own. */
  async settled(commands: readonly RedisCommand[], timeoutMs = this.#timeoutMs): Promise<PromiseSettledResult<unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    const client = await this.#command.ready(deadline);
    const options = { timeout: Math.max(1, deadline - Date.now()) };
    return Promise.allSettled(commands.map((command) => client.send(command, options)));
  }

  /** Connects the command connection (if it is not) and PINGs: Redis accepted us and answers. */
  async ping(timeoutMs = this.#timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const client = await this.#command.ready(deadline);
    await this.#noted(client.send(['PING'], { timeout: Math.max(1, deadline - Date.now()) }));
  }

  /** `reply`, telling the command client of an error no retry fixes. */
  async #noted<T>(reply: Promise<T>): Promise<T> {
    try {
      return await reply;
    } catch (error) {
      this.#command.noteCommandError(error);
      throw error;
    }
  }

  /**
   * Blocking commands (XREAD BLOCK; one per slot on a Cluster) on the reader connection, once it is
   * ready: one reply promise each.
   */
  async block(commands: readonly RedisCommand[], blockMs: number): Promise<Promise<unknown>[]> {
    const deadline = Date.now() + blockMs + this.#timeoutMs;
    const client = await this.#reader.ready(deadline);
    return commands.map((command) => client.send(command, { timeout: Math.max(1, deadline - Date.now()) }));
  }

  /**
   * First step of closing: drops the reader at once (a blocked XREAD holds nothing) and ends the
   * waits for a connection, so a pull in progress returns promptly. Replies in flight still arrive.
   */
  async interrupt(): Promise<void> {
    this.#command.abortWaits();
    await this.#reader.close(0);
  }

  /** Closes both connections, letting replies in flight on the command connection arrive first. */
  async close(): Promise<void> {
    await this.#reader.close(0);
    await this.#command.close(this.#timeoutMs);
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
  return withTimeout(promise, Math.max(1, deadline - Date.now()), 'Redis');
}
