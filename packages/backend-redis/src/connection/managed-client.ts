import { BackendUnavailableError, ClosedError, ConfigurationError, maskSecrets, type Logger } from '@necrostack/core';
import type { ResolvedRedisOptions } from '../options/resolve-options';
import { describeCause, permanentError, sanitize } from '../translate-error';
import { ClusterDriver } from './cluster-driver';
import { permanentFailure } from './permanent-errors';
import { NodeDriver, type RedisDriver } from './redis-driver';

function createDriver(options: ResolvedRedisOptions, reconnectStrategy: (retries: number) => number | false): RedisDriver {
  const settings = { socket: options.socket, connectTimeoutMs: options.connectTimeoutMs, reconnectStrategy };
  return options.cluster ? new ClusterDriver(options.cluster.rootNodes, settings) : new NodeDriver(options.url, settings);
}

/**
 * One connection to Redis (a node-redis client, or a cluster client), connected on first use, reconnecting by itself with exponential
 * backoff and jitter. Callers wait for it to be ready (bounded), so nothing piles up in
 * node-redis' offline queue while Redis is away.
 */
export class ManagedClient {
  // Private fields: the client and the options hold the password; inspect() must not show them.
  readonly #options: ResolvedRedisOptions;
  readonly #client: RedisDriver;
  #lastError: string | undefined;
  /** Set by a failure no retry can fix (credentials, host, TLS); waits for a connection fail at once. */
  #permanent: BackendUnavailableError | undefined;
  /** Until when a permanent failure Redis answered a command with fails calls at once, socket up or not. */
  #refusedUntil = 0;
  #everReady = false;
  #closed = false;
  readonly #waiters = new Set<(error: Error) => void>();

  constructor(
    options: ResolvedRedisOptions,
    private readonly role: string,
    private readonly logger: Logger,
    private readonly onReconnect: () => void,
  ) {
    this.#options = options;
    // Built now (it connects on first use) so a bad option fails the constructor, not a later pull.
    try {
      this.#client = this.#create();
    } catch (error) {
      throw new ConfigurationError(options.cluster ? 'cluster.rootNodes' : role === 'command' ? 'url' : 'socket', describeCause(error));
    }
  }

  /** The client, ready for commands; waits until `deadline` (epoch ms) for a connection. */
  async ready(deadline: number): Promise<RedisDriver> {
    if (this.#closed) throw new ClosedError('RedisBackend');
    const client = this.#start();
    if (this.#permanent && (!client.isReady || Date.now() < this.#refusedUntil)) throw this.#permanent;
    if (client.isReady) return client;
    await new Promise<void>((resolve, reject) => {
      const waiters = this.#waiters;
      const timer = setTimeout(() => done(this.#notReady()), Math.max(0, deadline - Date.now()));
      const onReady = (): void => done();
      const onEnd = (): void => done(new ClosedError('RedisBackend'));
      function done(error?: Error): void {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('end', onEnd);
        waiters.delete(done);
        if (error) reject(error);
        else resolve();
      }
      waiters.add(done);
      client.on('ready', onReady);
      client.on('end', onEnd);
      if (client.isReady) done();
    });
    return client;
  }

  /** The client when it is connected right now (the hot path skips the wait). */
  get readyClient(): RedisDriver | undefined {
    return this.#client.isReady && !this.#closed && Date.now() >= this.#refusedUntil ? this.#client : undefined;
  }

  /**
   * Notes an error a command got: when Redis refused us for good (NOAUTH, NOPERM…), calls fail at
   * once with it for a while (the socket may be up: Redis answers commands without authentication
   * with errors), then are tried again, in case the server's configuration changed.
   */
  noteCommandError(error: unknown): void {
    const permanent = permanentFailure(error);
    if (!permanent) return;
    this.#permanent = permanentError(permanent, error);
    this.#refusedUntil = Date.now() + this.#options.reconnectMaxDelayMs;
  }

  /** Whether the client is connected now. */
  get isReady(): boolean {
    return this.#client.isReady;
  }

  /** Ends every wait for a connection at once, with ClosedError (the connection itself stays). */
  abortWaits(): void {
    for (const done of [...this.#waiters]) done(new ClosedError('RedisBackend'));
  }

  /** Closes the connection: waits up to `graceMs` for replies in flight, then drops it. */
  async close(graceMs: number): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    if (!client.isOpen) return;
    if (graceMs <= 0 || !client.isReady) {
      client.destroy();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); });
    await Promise.race([client.close().catch(() => undefined), deadline]);
    clearTimeout(timer);
    // close() marks the client closed at once but keeps the socket until the replies came: a server
    // that stalls would hold it (and the process) open. destroy() ends it; it is a no-op once closed.
    client.destroy();
  }

  #start(): RedisDriver {
    const client = this.#client;
    if (!client.isOpen) {
      // connect() retries through reconnectStrategy; failures surface as 'error' events.
      client.connect().catch((error: unknown) => { this.#lastError = describeCause(error); });
    }
    return client;
  }

  #create(): RedisDriver {
    const { reconnectBaseDelayMs: base, reconnectMaxDelayMs: max } = this.#options;
    const client = createDriver(this.#options, (retries) => (this.#closed ? false : backoff(base, max, retries)));
    client.on('error', (error: unknown) => {
      // A connection being closed may still report its socket going away: not worth a warning.
      if (this.#closed) return;
      const text = describeCause(error);
      if (text !== this.#lastError) this.logger.warn('Redis connection error', { role: this.role, error: sanitize(error) });
      this.#lastError = text;
      // node-redis keeps reconnecting (a fixed ACL or DNS heals a running worker); waiting callers fail now.
      const permanent = permanentFailure(error);
      if (permanent) {
        this.#permanent = permanentError(permanent, error);
        for (const done of [...this.#waiters]) done(this.#permanent);
      }
    });
    client.on('ready', () => {
      // node-redis finishes a connect that close() raced (destroy() during the socket's creation)
      // and would keep that socket open: drop it, or the process never exits.
      if (this.#closed) {
        client.destroy();
        return;
      }
      if (this.#everReady) {
        this.onReconnect();
        this.logger.info('Redis reconnected', { role: this.role });
      } else {
        this.logger.info('Redis connected', { role: this.role, url: maskSecrets(this.#options.cluster?.rootNodes.join(',') ?? this.#options.url) });
      }
      this.#everReady = true;
      this.#lastError = undefined;
      this.#permanent = undefined;
    });
    return client;
  }

  #notReady(): BackendUnavailableError {
    const reason = this.#lastError === undefined ? '' : `: ${this.#lastError}`;
    return new BackendUnavailableError(`Redis is not connected${reason}`, {
      help: this.#options.cluster
        ? 'Check that the Redis Cluster is reachable at one of cluster.rootNodes and its state is ok (CLUSTER INFO); the backend keeps reconnecting with backoff.'
        : 'Check that Redis is reachable at the configured url; the backend keeps reconnecting with backoff.',
    });
  }
}

/** Exponential backoff with equal jitter: half of the ceiling fixed, half random. */
export function backoff(baseMs: number, maxMs: number, retries: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(retries, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
