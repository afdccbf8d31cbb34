import {
  BackendFullError, ClosedError, ConfigurationError, Event, EventValidationError,
  type Backend, type BackendCapabilities, type DeadLetter, type Delivery, type EventDelivery, type Settlement, type Subscription,
} from '@necrostack/core';
import { CompletedIds } from './completed-ids';
import { DelayedEvents } from './delayed-events';
import { Deque } from './deque';
import { DEFAULT_FAILED_EVENT_STORE_SIZE } from './in-memory-failed-event-store';
import { InMemoryDeadLetterQueue } from './in-memory-dead-letter-queue';

/** Default bound of an {@link InMemoryBackend}: events retained at once. */
export const DEFAULT_MEMORY_MAX_SIZE = 1_000_000;
/** Default number of attempts before a nacked delivery is dead-lettered. */
export const DEFAULT_MAX_DELIVERIES = 3;
/** Default number of completed event ids an idempotent group remembers. */
export const DEFAULT_IDEMPOTENCY_WINDOW = 100_000;

/** Options of {@link InMemoryBackend}. */
export interface InMemoryBackendOptions {
  /**
   * The most events retained (not yet read by every group, delayed ones waiting for their time
   * included); `enqueue` past it throws `BackendFullError`.
   */
  readonly maxSize?: number;
  /** Attempts before a nacked delivery is dead-lettered (default 3). */
  readonly maxDeliveries?: number;
  /** The most dead letters kept; the oldest are evicted first (default 10,000). */
  readonly deadLetterMaxSize?: number;
  /**
   * How many completed event ids each idempotent group (`@Organ({ idempotent: true })`) remembers;
   * past it the oldest are forgotten (default 100,000).
   */
  readonly idempotencyWindow?: number;
}

interface GroupState {
  readonly name: string;
  types: Set<string>;
  /** Absolute offset of the next log entry this group reads. */
  cursor: number;
  readonly redeliveries: Deque<EventDelivery>;
  readonly pending: Map<string, EventDelivery>;
  /** The ids this group completed, when it is idempotent. */
  completed: CompletedIds | undefined;
}

/**
 * Events in process memory, with the delivery semantics of the durable backends: a log read by one
 * consumer group per organ, each with its own cursor, acks, redelivery on nack and dead letters.
 * Delayed events (`deliverAt`) wait in a heap, counted in `maxSize`, and join the log when due.
 * Nothing survives the process.
 *
 * @example
 * ```ts
 * const backend = new InMemoryBackend({ maxSize: 10_000 });
 * const spine = new Spine({ organs: [Greeter], backend });
 * await spine.run(new Event('HELLO', { name: 'Ada' }));
 * ```
 */
export class InMemoryBackend implements Backend {
  readonly capabilities: BackendCapabilities = { idempotentSubscriptions: true, delayedDelivery: true };
  readonly maxSize: number;
  readonly maxDeliveries: number;
  readonly idempotencyWindow: number;
  readonly deadLetters: InMemoryDeadLetterQueue;
  /** Events enqueued while no subscribed group listened to their type. */
  unroutedCount = 0;

  private readonly log = new Deque<Event>();
  private readonly delayed = new DelayedEvents(() => this.releaseDue());
  /** Absolute offset of `log`'s first entry. */
  private logStart = 0;
  private readonly groups = new Map<string, GroupState>();
  private readonly routedTypes = new Set<string>();
  private waiters: (() => void)[] = [];
  /** The latest tick claimed, per schedule. */
  private readonly ticks = new Map<string, number>();
  private nextDeliveryId = 0;
  private rotation = 0;
  private closed = false;

  constructor(options: InMemoryBackendOptions = {}) {
    this.maxSize = positiveInteger('maxSize', options.maxSize ?? DEFAULT_MEMORY_MAX_SIZE);
    this.maxDeliveries = positiveInteger('maxDeliveries', options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES);
    this.idempotencyWindow = positiveInteger('idempotencyWindow', options.idempotencyWindow ?? DEFAULT_IDEMPOTENCY_WINDOW);
    this.deadLetters = new InMemoryDeadLetterQueue(
      { maxSize: positiveInteger('deadLetterMaxSize', options.deadLetterMaxSize ?? DEFAULT_FAILED_EVENT_STORE_SIZE) },
      (events, group) => this.redeliver(events, group),
    );
  }

  /** Events retained: not yet read by every subscribed group, or delayed and not yet due. */
  get size(): number {
    return this.log.length + this.delayed.size;
  }

  /** Delayed events waiting for their `deliverAt`. */
  get delayedCount(): number {
    return this.delayed.size;
  }

  enqueue(events: Event<object> | readonly Event<object>[]): Promise<void> {
    if (this.closed) return Promise.reject(new ClosedError('InMemoryBackend'));
    const batch = (Array.isArray(events) ? events : [events]) as readonly Event[];
    if (this.size + batch.length > this.maxSize) {
      return Promise.reject(new BackendFullError(this.maxSize, batch.length));
    }
    for (const event of batch) {
      if (!(event instanceof Event)) return Promise.reject(new EventValidationError('event', 'must be an Event instance (new Event(type, payload))'));
    }
    const now = Date.now();
    for (const event of batch) {
      const dueAt = event.deliverAt?.getTime();
      if (dueAt !== undefined && dueAt > now) this.delayed.add(event, dueAt);
      else this.append(event);
    }
    this.wake();
    return Promise.resolve();
  }

  private append(event: Event): void {
    this.log.push(event);
    if (this.groups.size > 0 && !this.routedTypes.has(event.eventType)) this.unroutedCount++;
  }

  /** Moves the delayed events whose time has come into the log, and wakes a waiting pull. */
  private releaseDue(): void {
    const before = this.log.length;
    this.delayed.takeDue((event) => this.append(event));
    if (this.log.length > before) this.wake();
  }

  /** Stores a schedule's tick event unless a Spine on this backend claimed that tick (or a later one). */
  async claimTick(schedule: string, tickAt: number, event: Event<object>): Promise<boolean> {
    const previous = this.ticks.get(schedule) ?? -Infinity;
    if (previous >= tickAt) return false;
    // Claimed before the enqueue settles: a concurrent claim of the same tick sees it.
    this.ticks.set(schedule, tickAt);
    try {
      await this.enqueue(event);
    } catch (error) {
      this.ticks.set(schedule, previous);
      throw error;
    }
    return true;
  }

  subscribe(subscriptions: readonly Subscription[]): Promise<void> {
    for (const { group, eventTypes, idempotent } of subscriptions) {
      const state = this.groupState(group);
      state.types = new Set([...state.types, ...eventTypes]);
      if (idempotent) state.completed ??= new CompletedIds(this.idempotencyWindow);
      for (const type of eventTypes) this.routedTypes.add(type);
    }
    return Promise.resolve();
  }

  /** The group's state, created on first use: it starts at the beginning of the retained log. */
  private groupState(group: string): GroupState {
    let state = this.groups.get(group);
    if (!state) {
      state = { name: group, types: new Set(), cursor: this.logStart, redeliveries: new Deque(), pending: new Map(), completed: undefined };
      this.groups.set(group, state);
    }
    return state;
  }

  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    let out = this.take(max);
    if (out.length === 0 && waitMs > 0 && !this.closed) {
      await this.waitForWork(waitMs);
      out = this.take(max);
    }
    return out;
  }

  settle(settlement: Settlement): Promise<void> {
    for (const delivery of settlement.acks) this.ack(delivery);
    this.requeue(settlement.nacks, 1);
    this.requeue(settlement.releases, 0);
    const sources = new Map<Delivery, boolean>();
    for (const letter of settlement.deadLetters) this.deadLetter(letter, sources);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    this.delayed.clear();
    this.wake();
    return Promise.resolve();
  }

  private take(max: number): Delivery[] {
    this.delayed.takeDue((event) => this.append(event));
    const out: Delivery[] = [];
    const groups = [...this.groups.values()];
    for (let i = 0; i < groups.length && out.length < max; i++) {
      this.takeFrom(groups[(this.rotation + i) % groups.length] as GroupState, max, out);
    }
    this.rotation++;
    this.trim(groups);
    return out;
  }

  private takeFrom(group: GroupState, max: number, out: Delivery[]): void {
    while (out.length < max && group.redeliveries.length > 0) {
      const delivery = group.redeliveries.shift() as EventDelivery;
      group.pending.set(delivery.deliveryId, delivery);
      out.push(delivery);
    }
    const end = this.logStart + this.log.length;
    while (out.length < max && group.cursor < end) {
      const event = this.log.at(group.cursor - this.logStart) as Event;
      group.cursor++;
      if (!group.types.has(event.eventType) || group.completed?.has(event.id)) continue;
      const delivery: EventDelivery = {
        kind: 'event', deliveryId: String(this.nextDeliveryId++), group: group.name, attempt: 1, event,
      };
      group.pending.set(delivery.deliveryId, delivery);
      out.push(delivery);
    }
  }

  /** Drops log entries every group has read. */
  private trim(groups: readonly GroupState[]): void {
    if (groups.length === 0) return;
    let min = Infinity;
    for (const group of groups) min = Math.min(min, group.cursor);
    while (this.logStart < min && this.log.length > 0) {
      this.log.shift();
      this.logStart++;
    }
  }

  private requeue(deliveries: readonly Delivery[], attemptIncrement: number): void {
    for (const delivery of deliveries) {
      const group = this.groups.get(delivery.group);
      if (!group?.pending.delete(delivery.deliveryId) || delivery.kind !== 'event') continue;
      group.redeliveries.push({ ...delivery, attempt: delivery.attempt + attemptIncrement });
    }
    if (deliveries.length > 0) this.wake();
  }

  /** Done: an idempotent group remembers the event's id. */
  private ack(delivery: Delivery): boolean {
    const group = this.groups.get(delivery.group);
    if (!group?.pending.delete(delivery.deliveryId)) return false;
    if (group.completed && delivery.kind === 'event') group.completed.add(delivery.event.id);
    return true;
  }

  /** Writes a dead letter with the ack of its delivery, or of its source (once for all of a source's letters). */
  private deadLetter(letter: DeadLetter, sources: Map<Delivery, boolean>): void {
    const { delivery, source } = letter;
    if (delivery && !this.groups.get(delivery.group)?.pending.delete(delivery.deliveryId)) return;
    if (source) {
      let acked = sources.get(source);
      if (acked === undefined) sources.set(source, (acked = this.ack(source)));
      if (!acked) return; // settled already: its letters were written then
    }
    this.deadLetters.add(letter);
  }

  /** Replay: to the group that failed, or anew to every listener for an event that was never stored. */
  private redeliver(events: readonly Event[], group: string | undefined): void {
    if (group === undefined) {
      for (const event of events) this.log.push(event);
    } else {
      const state = this.groupState(group);
      for (const event of events) {
        state.redeliveries.push({ kind: 'event', deliveryId: String(this.nextDeliveryId++), group, attempt: 1, event });
      }
    }
    this.wake();
  }

  private waitForWork(waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, waitMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.waiters = self.waiters.filter((w) => w !== done);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(option, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}
