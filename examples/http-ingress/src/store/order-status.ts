import type { InjectionToken } from 'tsyringe';

/** Where an order is: enqueued by the API, then decided by the worker. */
export type OrderStatus = 'queued' | 'accepted' | 'rejected';

/** What `GET /orders/:id` answers. */
export interface OrderStatusRecord {
  /** The id of the order's ORDER_PLACED event, as `POST /orders` returned it. */
  readonly eventId: string;
  readonly status: OrderStatus;
  readonly sku: string;
  readonly quantity: number;
  /** Why the order was rejected. */
  readonly reason?: string;
  /** Stock left after an accepted order. */
  readonly remaining?: number;
  /** ISO 8601, UTC. */
  readonly updatedAt: string;
}

/**
 * The read model of the orders. The API writes `queued`, the Notifier organ writes the outcome.
 * With Redis it lives in Redis, so an API process and a worker process share it.
 */
export interface OrderStatusStore {
  /** Records `queued` unless the order already has a status (the worker may be faster than the API). */
  markQueued(record: OrderStatusRecord): Promise<void>;
  /** Records the worker's outcome, replacing whatever was there. Idempotent. */
  record(record: OrderStatusRecord): Promise<void>;
  /** The order's status, or undefined when the id is unknown. */
  get(eventId: string): Promise<OrderStatusRecord | undefined>;
  close(): Promise<void>;
}

/** DI token of the {@link OrderStatusStore} the Notifier writes to. */
export const ORDER_STATUS_STORE: InjectionToken<OrderStatusStore> = Symbol.for('necrostack:example:http-ingress:OrderStatusStore');
