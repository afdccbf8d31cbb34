import type { Backend, DeadLetter, Delivery } from '../backend/backend';
import { toFailedEvent, type WritableFailedEventStore } from '../backend/dead-letter';
import { EnqueueError, NecroStackError } from '../errors';
import type { Event } from '../event/event';
import { backoffDelay, sleep } from '../internal/backoff';
import type { Logger } from '../logging/logger';
import { describeError, type Emitted, type Outcome } from './delivery-processor';
import { EnqueueFailureMode, type ResolvedSettings } from './spine-options';
import type { StatsCounter } from './spine-stats';

/**
 * Finishes a batch: enqueues every emitted event in one call, then acks, nacks, releases and
 * dead-letters in one settlement. A delivery is acked only after the events it emitted are stored.
 */
export class BatchSettler {
  private mirrorId = 0;

  constructor(
    private readonly backend: Backend,
    private readonly settings: ResolvedSettings,
    private readonly stats: StatsCounter,
    private readonly logger: Logger,
    private readonly mirror: WritableFailedEventStore | undefined,
  ) {}

  /** @throws EnqueueError in FAIL and RETRY modes, after the rest of the batch was settled. */
  async settle(outcomes: readonly Outcome[], releases: readonly Delivery[]): Promise<void> {
    const acks: Delivery[] = [];
    const nacks: Delivery[] = [];
    const deadLetters: DeadLetter[] = [];
    const emitted: Emitted[] = [];
    for (const outcome of outcomes) {
      if (outcome.kind === 'ack') {
        acks.push(outcome.delivery);
        for (const e of outcome.emitted) emitted.push(e);
        for (const loop of outcome.loops) deadLetters.push(loop);
      } else if (outcome.kind === 'nack') nacks.push(outcome.delivery);
      else deadLetters.push(outcome.letter);
    }
    const failure = emitted.length === 0 ? undefined : await this.enqueue(emitted);
    if (failure && this.settings.enqueueFailureMode !== EnqueueFailureMode.STORE) {
      // FAIL and RETRY: the sources are delivered again rather than acked without their events.
      const sources = new Set<Delivery>();
      for (const o of outcomes) if (o.kind === 'ack' && o.emitted.length > 0) sources.add(o.delivery);
      await this.write({ acks: acks.filter((d) => !sources.has(d)), nacks: [...nacks, ...acks.filter((d) => sources.has(d))], releases, deadLetters });
      throw failure;
    }
    if (failure) {
      const attempts = this.enqueueTries();
      for (const { event, organ } of emitted) deadLetters.push({ event, organ, error: describeError(failure), attempts });
    }
    await this.write({ acks, nacks, releases, deadLetters });
    this.stats.eventsProcessed += outcomes.length;
    this.stats.eventsEmitted += failure ? 0 : emitted.length;
    this.stats.eventsDeadLettered += deadLetters.length;
    if (this.mirror) for (const letter of deadLetters) await this.mirror.add(toFailedEvent(letter, String(++this.mirrorId)));
  }

  /** Enqueues the batch's emitted events; resolves with the error when they could not be stored. */
  private async enqueue(emitted: readonly Emitted[]): Promise<EnqueueError | undefined> {
    const events = emitted.map((e) => e.event);
    const tries = this.enqueueTries();
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

  /** FAIL tries once; RETRY and STORE ride out a short outage (a dropped connection) before giving up. */
  private enqueueTries(): number {
    return this.settings.enqueueFailureMode === EnqueueFailureMode.FAIL ? 1 : this.settings.retryAttempts;
  }

  private async write(settlement: Parameters<Backend['settle']>[0]): Promise<void> {
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
