import type { Event } from '../event/event';
import type { SagaInstance } from './saga-instance';

/** Headers a saga timeout carries: which saga, which instance, which timeout. */
export const SAGA_HEADER = 'necro-saga';
export const SAGA_KEY_HEADER = 'necro-saga-key';
export const SAGA_TIMEOUT_HEADER = 'necro-saga-timeout';

/** The timeout an event is, when it is one of `saga`'s. */
export function timeoutOf(event: Event, saga: string): { readonly name: string; readonly key: string } | undefined {
  const { headers } = event;
  const name = headers[SAGA_TIMEOUT_HEADER];
  const key = headers[SAGA_KEY_HEADER];
  if (headers[SAGA_HEADER] !== saga || name === undefined || key === undefined) return undefined;
  return { name, key };
}

/**
 * The instance's pending timeouts after a step (name → event id), and the timeout events the step
 * scheduled, addressed to the instance: the one that fired (`fired`) is no longer pending, the
 * cancelled ones are dropped, the scheduled ones replace any of the same name.
 */
export function settleTimeouts(
  pending: Readonly<Record<string, string>> | undefined, instance: SagaInstance<object>, fired: string | undefined, saga: string,
): { timeouts: Record<string, string>; scheduled: Event<object>[] } {
  const timeouts: Record<string, string> = { ...pending };
  if (fired !== undefined) delete timeouts[fired];
  for (const name of instance.cancelledTimeouts) delete timeouts[name];
  const scheduled: Event<object>[] = [];
  for (const [name, event] of instance.scheduledTimeouts) {
    const addressed = event.withHeaders({ [SAGA_HEADER]: saga, [SAGA_KEY_HEADER]: instance.key, [SAGA_TIMEOUT_HEADER]: name });
    timeouts[name] = addressed.id;
    scheduled.push(addressed);
  }
  return { timeouts, scheduled };
}
