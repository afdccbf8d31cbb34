import type { Event } from '@necrostack/core';
import { MinHeap } from './min-heap';

// setTimeout fires at once for a delay above 2^31 - 1 ms (about 24.8 days): wait in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Held {
  readonly event: Event;
  readonly dueAt: number;
  /** Enqueue order: events due at the same millisecond come out in the order they went in. */
  readonly seq: number;
}

/**
 * Delayed events waiting for their `deliverAt`: a min-heap by due time, and one timer set for the
 * earliest, which calls `onDue` once it has passed. Nothing comes out early: `takeDue` hands out
 * only the events whose time has come by the wall clock, whatever the timer did.
 */
export class DelayedEvents {
  private readonly heap = new MinHeap<Held>((a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq));
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(private readonly onDue: () => void) {}

  get size(): number {
    return this.heap.length;
  }

  add(event: Event, dueAt: number): void {
    this.heap.push({ event, dueAt, seq: this.seq++ });
    if (dueAt < this.timerAt) this.arm();
  }

  /** Hands every due event to `release`, earliest first; sets the timer for the next one. */
  takeDue(release: (event: Event) => void): void {
    const now = Date.now();
    if (!(this.heap.length > 0 && (this.heap.peek() as Held).dueAt <= now)) return; // the timer stays as it is
    for (let next = this.heap.peek(); next !== undefined && next.dueAt <= now; next = this.heap.peek()) {
      this.heap.pop();
      release(next.event);
    }
    this.arm();
  }

  /** Stops the timer; the held events are dropped with the backend. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.heap.clear();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.heap.peek();
    this.timerAt = next?.dueAt ?? Infinity;
    if (next === undefined) return;
    // At least 1 ms: a timer may fire a little before the wall clock reaches its time.
    this.timer = setTimeout(this.onDue, Math.min(MAX_TIMER_MS, Math.max(1, next.dueAt - Date.now())));
    // A process holding only delayed events may exit: a waiting pull keeps it alive.
    this.timer.unref();
  }
}
