import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { freePort } from './free-port';
import { track } from './live-servers';
import { waitFor } from './wait-for';

/** Options of {@link PrivateRedis}. */
export interface PrivateRedisOptions {
  readonly password?: string;
  /** Serve TLS only, with a self-signed certificate for 127.0.0.1 made by openssl. */
  readonly tls?: boolean;
  /**
   * Keep the data across a restart: an append-only file fsynced on every write (the default). With
   * `false`, no persistence at all (`--appendonly no --save ''`), as a benchmark wants.
   */
  readonly durable?: boolean;
  /** More redis-server arguments, such as `['--cluster-enabled', 'yes']`. */
  readonly args?: readonly string[];
}

/**
 * A redis-server of our own on a free 127.0.0.1 port, with a temp dir of its own, stopped by its
 * pid (and killed, its dir deleted, if this process exits first). Optionally password-protected, or TLS.
 *
 * @example
 * const redis = await new PrivateRedis({ durable: false }).start();
 * const backend = new RedisBackend({ url: redis.url });
 * // …
 * await redis.destroy();
 */
export class PrivateRedis {
  port = 0;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'necrostack-redis-'));
  readonly password: string | undefined;
  /** The certificate clients must trust, with `tls`. */
  readonly ca: string | undefined;
  readonly #durable: boolean;
  readonly #args: readonly string[];
  #server: ChildProcess | undefined;

  constructor(options: PrivateRedisOptions = {}) {
    this.password = options.password;
    this.#durable = options.durable ?? true;
    this.#args = options.args ?? [];
    this.ca = options.tls ? this.#makeCertificate() : undefined;
  }

  get url(): string {
    const auth = this.password === undefined ? '' : `:${this.password}@`;
    return `${this.ca ? 'rediss' : 'redis'}://${auth}127.0.0.1:${this.port}`;
  }

  /** The server's pid while it runs. */
  get pid(): number | undefined {
    return this.#server?.pid;
  }

  async start(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    const persistence = this.#durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const args = ['--bind', '127.0.0.1', '--dir', this.dir, ...persistence, '--save', '', '--daemonize', 'no', '--loglevel', 'warning'];
    if (this.ca) {
      args.push('--port', '0', '--tls-port', String(this.port), '--tls-auth-clients', 'no',
        '--tls-cert-file', path.join(this.dir, 'cert.pem'), '--tls-key-file', path.join(this.dir, 'key.pem'));
    } else {
      args.push('--port', String(this.port));
    }
    if (this.password !== undefined) args.push('--requirepass', this.password);
    args.push(...this.#args);
    this.#server = spawn('redis-server', args, { stdio: 'ignore' });
    track(this.#server, this.dir);
    await waitFor(() => this.#answers(), { timeoutMs: 10_000, intervalMs: 50, what: `redis-server on port ${this.port}` });
    return this;
  }

  /** Stops the server (SIGTERM: it flushes the append-only file) and waits for it to exit. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and deletes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #answers(): Promise<boolean> {
    const server = this.#server;
    if (server && (server.exitCode !== null || server.signalCode !== null)) {
      throw new Error(`redis-server on port ${this.port} exited (${server.signalCode ?? server.exitCode}) while starting`);
    }
    const socket = { reconnectStrategy: false as const, connectTimeout: 500, ...(this.ca ? { ca: this.ca } : {}) };
    const client = createClient({ url: this.url, socket });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      if (client.isOpen) client.destroy();
    }
  }

  #makeCertificate(): string {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(this.dir, 'key.pem'), '-out', path.join(this.dir, 'cert.pem')],
    { stdio: 'ignore' });
    return readFileSync(path.join(this.dir, 'cert.pem'), 'utf8');
  }
}
