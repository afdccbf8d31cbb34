import type { Backend, DeadLetter, Delivery, Settlement } from '../backend/backend';
import { toFailedEvent, type WritableFailedEventStore } from '../backend/dead-letter';
import { EnqueueError, NecroStackError } from '../errors';
import type { Event } from '../event/event';
import { backoffDelay, sleep } from '../internal/backoff';
import type { Logger } from '../logging/logger';
import type { Emitted, FailurePolicy, Outcome } from './failure-policy';
import type { ResolvedSettings } from './spine-options';
import type { StatsCounter } from './spine-stats';

/**
 * Finishes a batch: enqueues every emitted event in one call, then acks, nacks, releases and
 * dead-letters in one settlement. A delivery is acked only once the events it emitted are stored,
 * or with their dead letters (atomically, by the backend).
 */
export class BatchSettler {
  private mirrorId = 0;

  constructor(
    private readonly backend: Backend,
    private readonly policy: FailurePolicy,
    private readonly settings: ResolvedSettings,
    private readonly stats: StatsCounter,
    private readonly logger: Logger,
    private readonly mirror: WritableFailedEventStore | undefined,
  ) {}

  /** @throws EnqueueError when the policy says the loop must end (FAIL and RETRY modes), after the batch was settled. */
  async settle(outcomes: readonly Outcome[], releases: readonly Delivery[]): Promise<void> {
    const emitted: Emitted[] = [];
    for (const outcome of outcomes) if (outcome.kind === 'ack') for (const e of outcome.emitted) emitted.push(e);
    const failure = emitted.length === 0 ? undefined : await this.enqueue(emitted);
    const verdict = failure ? this.policy.enqueueFailed(failure) : undefined;
    const settlement: { acks: Delivery[]; nacks: Delivery[]; releases: readonly Delivery[]; deadLetters: DeadLetter[] } = {
      acks: [], nacks: [], releases, deadLetters: [],
    };
    for (const outcome of outcomes) {
      if (outcome.kind === 'nack') settlement.nacks.push(outcome.delivery);
      else if (outcome.kind === 'dead') settlement.deadLetters.push(outcome.letter);
      else if (outcome.loops.length > 0) settlement.deadLetters.push(...outcome.loops); // acked with them
      else if (outcome.emitted.length === 0 || verdict === undefined) settlement.acks.push(outcome.delivery);
      else if (verdict === 'dead-letter') settlement.deadLetters.push(...this.policy.enqueueLetters(outcome.delivery, outcome.emitted, failure as EnqueueError));
      else settlement.nacks.push(outcome.delivery); // delivered again, rather than acked without its events
    }
    await this.write(settlement);
    if (verdict === 'fail') throw failure;
    this.stats.eventsProcessed += outcomes.length;
    this.stats.eventsEmitted += failure ? 0 : emitted.length;
    this.stats.eventsDeadLettered += settlement.deadLetters.length;
    if (this.mirror) for (const letter of settlement.deadLetters) await this.mirror.add(toFailedEvent(letter, String(++this.mirrorId)));
  }

  /** Enqueues the batch's emitted events; resolves with the error when they could not be stored. */
  private async enqueue(emitted: readonly Emitted[]): Promise<EnqueueError | undefined> {
    const events = emitted.map((e) => e.event);
    const tries = this.policy.enqueueTries();
    let lastError: unknown;
    for (let attempt = 1; attempt <= tries; attempt++) {
      if (attempt > 1) await sleep(backoffDelay(this.settings.retryBaseDelayMs, attempt - 1));
      try {
        await this.backend.enqueue(events);
        return undefined;
      } catch (error) {
        lastError = error;
      }
    }
    for (const event of events) this.stats.countEnqueueFailure(event.eventType);
    this.logger.error('Enqueue of emitted events failed', { count: events.length, mode: this.settings.enqueueFailureMode, error: lastError });
    return toEnqueueError(events, lastError);
  }

  private async write(settlement: Settlement): Promise<void> {
    try {
      await this.backend.settle(settlement);
    } catch (error) {
      this.stats.ackErrors++;
      throw error;
    }
  }
}

function toEnqueueError(events: readonly Event<object>[], error: unknown): EnqueueError {
  const ids = events.map((e) => e.id);
  if (error instanceof EnqueueError) return error;
  const reason = error instanceof NecroStackError || error instanceof Error ? error.message : String(error);
  return new EnqueueError(`Could not enqueue ${events.length} emitted event(s): ${reason}`, ids, { cause: error });
}
