import type { Event } from '../event/event';
import type { NecroStackError } from '../errors';
import type { DeadLetterQueue } from './dead-letter';

/** A consumer group and the event types it receives. One per organ unless organs share a group. */
export interface Subscription {
  /** The group's name: the organ's name, or the `group` organs share. */
  readonly group: string;
  /** The event types delivered to this group. */
  readonly eventTypes: readonly string[];
  /** Skip deliveries of events this group already completed (backends that remember completions). */
  readonly idempotent?: boolean;
}

interface DeliveryBase {
  /** The backend's handle for this delivery (a stream entry id, a sequence number…). */
  readonly deliveryId: string;
  /** The consumer group this delivery belongs to. */
  readonly group: string;
  /** 1 on the first delivery; each redelivery (nack, takeover after a crash) adds 1. */
  readonly attempt: number;
}

/** An event handed to one consumer group. */
export interface EventDelivery extends DeliveryBase {
  readonly kind: 'event';
  readonly event: Event;
}

/** An entry that could not be decoded into an Event; the Spine dead-letters it. */
export interface MalformedDelivery extends DeliveryBase {
  readonly kind: 'malformed';
  /** The entry as stored, for the dead letter. */
  readonly raw: string;
  readonly error: NecroStackError;
}

/** What {@link Backend.pull} hands out. */
export type Delivery = EventDelivery | MalformedDelivery;

/** The error recorded with a dead letter: plain data, the same on every backend. */
export interface DeadLetterError {
  /** The error's class name, e.g. `PayloadValidationError`. */
  readonly name: string;
  /** Its NecroStack code, when it has one. */
  readonly code?: string;
  readonly message: string;
}

/** A failed event on its way to the dead-letter store. */
export interface DeadLetter {
  /**
   * The delivery that failed, settled (acked) atomically with the dead-letter write; absent for an
   * event that was never stored (an emitted event whose enqueue failed, or one cut as a loop).
   */
  readonly delivery?: Delivery;
  /**
   * For an event that was never stored: the delivery whose handler emitted it. The backend acks
   * `source` atomically with the write of every dead letter that names it (it is not also in
   * `acks`), so a source is never acked while its events are neither stored nor dead-lettered; when
   * the write fails, the source stays pending and is delivered again. Skipped, with its dead letters,
   * when `source` is no longer pending (another consumer took it over).
   */
  readonly source?: Delivery;
  /** The event, or the raw text of an entry that could not be decoded. */
  readonly event: Event<object> | string;
  /** The organ that failed, when one did. */
  readonly organ?: string;
  readonly error: DeadLetterError;
  /** How many times it was tried. */
  readonly attempts: number;
}

/** Deliveries to settle together, in one round trip where the backend can. */
export interface Settlement {
  /** Done: never delivered to this group again. */
  readonly acks: readonly Delivery[];
  /** Failed: delivered to this group again, with `attempt` + 1. */
  readonly nacks: readonly Delivery[];
  /** Unfinished at shutdown: delivered again (to any consumer) without counting an attempt. */
  readonly releases: readonly Delivery[];
  /** Written to the dead-letter store; each one's `delivery` or `source` is acked with the write, atomically. */
  readonly deadLetters: readonly DeadLetter[];
}

/** What a backend can do beyond the contract; the Spine refuses an option that needs what it lacks. */
export interface BackendCapabilities {
  /** A group subscribed with `idempotent: true` is not handed an event (same id) it already completed. */
  readonly idempotentSubscriptions: boolean;
  /**
   * `enqueue` holds an event with a `deliverAt` until that time (durably, on a durable backend), and
   * no delivery of it is handed out before. Absent: false, and the Spine refuses delayed events.
   */
  readonly delayedDelivery?: boolean;
}

/** A backend that declares no capabilities (one written before they existed) has none of them. */
export const NO_CAPABILITIES: BackendCapabilities = Object.freeze({ idempotentSubscriptions: false, delayedDelivery: false });

/**
 * The sending side of a backend: all that code outside a worker needs (an HTTP handler, a script,
 * `necro publish`, an outbox forwarder). Depend on it rather than on {@link Backend} where you only send.
 *
 * @example
 * ```ts
 * async function placeOrder(publisher: Publisher, order: OrderPlaced): Promise<void> {
 *   await publisher.enqueue(new Event('ORDER_PLACED', order));
 * }
 * ```
 */
export interface Publisher {
  /**
   * Stores events, in order. Resolves once they are stored (durably, for a durable backend). An
   * event with a `deliverAt` in the future is held until then, on a backend whose capabilities
   * include `delayedDelivery`.
   * @throws BackendFullError when a bounded backend has no room; nothing of the batch is stored.
   * @throws BackendUnavailableError or EnqueueError when the store cannot be reached.
   */
  enqueue(events: Event<object> | readonly Event<object>[]): Promise<void>;

  /** Releases connections and timers; pending deliveries stay with the backend. Idempotent. */
  close(): Promise<void>;
}

/**
 * The consuming side of a backend: what the Spine uses. Delivery model: each subscribed group gets
 * its own delivery of every event of its types, its own ack and its own attempt count. A delivery
 * stays pending until settled.
 */
export interface Consumer {
  /** What the backend can do beyond the contract. Absent on a backend older than this field: none. */
  readonly capabilities?: BackendCapabilities;

  /**
   * Declares the consumer groups this consumer reads for. Idempotent. A group new to the backend
   * starts at the beginning of what the backend retains, so events stored before any consumer
   * started are delivered.
   */
  subscribe(subscriptions: readonly Subscription[]): Promise<void>;

  /**
   * Up to `max` deliveries across the subscribed groups, oldest first within a group. When none is
   * ready, waits up to `waitMs` for one; resolves `[]` when there is still none.
   */
  pull(max: number, waitMs: number): Promise<Delivery[]>;

  /** Acks, nacks, releases and dead-letters deliveries. Idempotent per delivery. */
  settle(settlement: Settlement): Promise<void>;

  /**
   * For recurring schedules (the Spine's `schedules` option): stores `event` and resolves true if
   * no consumer claimed the tick `tickAt` (epoch ms) of `schedule`, or a later one, yet; resolves
   * false, storing nothing, otherwise. The claim and the write are atomic, so however many workers
   * ask, each tick's event is stored once. Absent on a backend that cannot: the Spine refuses schedules.
   */
  claimTick?(schedule: string, tickAt: number, event: Event<object>): Promise<boolean>;

  /** The dead-letter store: list, replay, purge. Durable when the backend is. */
  readonly deadLetters: DeadLetterQueue;

  /**
   * After this many attempts a nacked delivery is dead-lettered instead of redelivered, and a
   * delivery handed out with a greater `attempt` (taken over after crashes) is dead-lettered unrun.
   */
  readonly maxDeliveries: number;

  /** Releases connections and timers; pending deliveries stay with the backend. Idempotent. */
  close(): Promise<void>;
}

/**
 * Where events live between `publish` and the organs: both sides, {@link Publisher} and
 * {@link Consumer}. The Spine is the only consumer.
 *
 * @example
 * ```ts
 * const backend: Backend = new InMemoryBackend();
 * await backend.enqueue(new Event('ORDER_PLACED', { orderId: 'A-1' }));
 * const spine = new Spine({ organs: [ChargeCard], backend });
 * ```
 */
export interface Backend extends Publisher, Consumer {}
