import type { Backend, Delivery, Event, Settlement } from '@necrostack/core';

/** Options of {@link pullDeliveries}. */
export interface PullDeliveriesOptions {
  /** Longest total wait, in ms. */
  readonly timeoutMs: number;
  /** Most deliveries asked for in one pull (default 100). */
  readonly max?: number;
  /** `waitMs` of each pull (default 100). */
  readonly pollMs?: number;
}

/**
 * Pulls until exactly `count` deliveries arrived, never asking for more than are still missing.
 * @throws Error naming what did arrive when `timeoutMs` passes first.
 */
export async function pullDeliveries(backend: Backend, count: number, options: PullDeliveriesOptions): Promise<Delivery[]> {
  const out: Delivery[] = [];
  const deadline = Date.now() + options.timeoutMs;
  while (out.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new Error(`Expected ${count} deliveries within ${options.timeoutMs} ms, got ${out.length}: ${describeDeliveries(out)}`);
    }
    const wanted = Math.min(options.max ?? 100, count - out.length);
    const batch = await backend.pull(wanted, Math.min(options.pollMs ?? 100, left));
    if (batch.length > wanted) throw new Error(`pull(${wanted}, …) returned ${batch.length} deliveries`);
    out.push(...batch);
  }
  return out;
}

/**
 * Pulls from every backend at once (up to 500 each, waiting 50 ms), acking each batch, until
 * `count` deliveries came in all: competing workers that drain a group.
 * @throws Error naming how many arrived when `timeoutMs` passes first.
 */
export async function drainAcking(backends: readonly Backend[], count: number, timeoutMs: number): Promise<Delivery[]> {
  const out: Delivery[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    if (Date.now() >= deadline) throw new Error(`Expected ${count} deliveries within ${timeoutMs} ms, got ${out.length}`);
    await Promise.all(backends.map(async (backend) => {
      const batch = await backend.pull(500, 50);
      out.push(...batch);
      await backend.settle(settlement({ acks: batch }));
    }));
  }
  return out;
}

/** Resolves once `condition` holds; polls every 5 ms. @throws Error naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves with how the promise settled, or `'pending'` if it had not within `timeoutMs`. */
export async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<'resolved' | 'rejected' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => { timer = setTimeout(() => resolve('pending'), timeoutMs); });
  const settled = promise.then(() => 'resolved' as const, () => 'rejected' as const);
  try {
    return await Promise.race([settled, pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** The event a delivery carries. @throws Error for a malformed delivery. */
export function eventOf(delivery: Delivery): Event {
  if (delivery.kind !== 'event') throw new Error(`Expected an event delivery, got a malformed one: ${delivery.raw}`);
  return delivery.event;
}

/** The event ids of deliveries, in order. */
export function idsOf(deliveries: readonly Delivery[]): string[] {
  return deliveries.map((d) => eventOf(d).id);
}

/** The deliveries of one group, in the order they came. */
export function ofGroup(deliveries: readonly Delivery[], group: string): Delivery[] {
  return deliveries.filter((d) => d.group === group);
}

/** A settlement with empty lists where `parts` gives none. */
export function settlement(parts: Partial<Settlement>): Settlement {
  return { acks: [], nacks: [], releases: [], deadLetters: [], ...parts };
}

/** One line per delivery, for failure messages. */
export function describeDeliveries(deliveries: readonly Delivery[]): string {
  if (deliveries.length === 0) return '(none)';
  return deliveries
    .map((d) => `${d.group}:${d.kind === 'event' ? `${d.event.eventType}#${d.event.id}` : `malformed(${d.raw})`}@${d.attempt}`)
    .join(', ');
}
