import { createClient } from 'redis';
import type { OrderStatusRecord, OrderStatusStore } from './order-status';

/** How long Redis keeps an order's status (one day), so the read model stays bounded. */
export const DEFAULT_STATUS_TTL_SECONDS = 86_400;

/** Options of {@link RedisOrderStatusStore}. */
export interface RedisOrderStatusStoreOptions {
  readonly url: string;
  /** The backend's stream key: every status key is `<streamKey>:order-status:<eventId>`. */
  readonly streamKey: string;
  readonly ttlSeconds?: number;
}

type Client = ReturnType<typeof createClient>;

/**
 * The order statuses in Redis, one JSON string per order with a TTL, so an API process and a
 * worker process on other machines see the same answers. The keys derive from the stream key, as
 * the backend's own do, so deleting `<streamKey>*` removes everything the example wrote.
 */
export class RedisOrderStatusStore implements OrderStatusStore {
  private readonly client: Client;
  private readonly ttlSeconds: number;
  private connecting: Promise<unknown> | undefined;
  private ready = false;

  constructor(private readonly options: RedisOrderStatusStoreOptions) {
    this.client = createClient({
      url: options.url,
      // Fail fast rather than hang an HTTP request: no offline queue, and a first connection that
      // fails is reported at once; a connection lost later is retried with a capped backoff.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 5_000,
        reconnectStrategy: (retries, cause) => (this.ready ? Math.min(100 * 2 ** retries, 2_000) : cause),
      },
    });
    // Without a listener node-redis throws its connection errors; commands still fail on their own.
    this.client.on('error', () => undefined);
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_STATUS_TTL_SECONDS;
  }

  async markQueued(record: OrderStatusRecord): Promise<void> {
    const client = await this.connected();
    await client.set(this.key(record.eventId), JSON.stringify(record), { NX: true, EX: this.ttlSeconds });
  }

  async record(record: OrderStatusRecord): Promise<void> {
    const client = await this.connected();
    await client.set(this.key(record.eventId), JSON.stringify(record), { EX: this.ttlSeconds });
  }

  async get(eventId: string): Promise<OrderStatusRecord | undefined> {
    const client = await this.connected();
    const text = await client.get(this.key(eventId));
    return text === null ? undefined : (JSON.parse(text) as OrderStatusRecord);
  }

  async close(): Promise<void> {
    if (this.connecting === undefined) return;
    await this.connecting.catch(() => undefined);
    if (this.client.isOpen) this.client.destroy();
  }

  private async connected(): Promise<Client> {
    this.connecting ??= this.client.connect().then(
      () => { this.ready = true; },
      (error: unknown) => { this.connecting = undefined; throw error; },
    );
    await this.connecting;
    return this.client;
  }

  private key(eventId: string): string {
    return `${this.options.streamKey}:order-status:${eventId}`;
  }
}
