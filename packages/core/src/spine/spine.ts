import { setMaxListeners } from 'node:events';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { container, inject, injectable } from 'tsyringe';
import type { Backend, Delivery } from '../backend/backend';
import type { FailedEventStore } from '../backend/dead-letter';
import { CONTAINER_SPINE_OPTIONS } from '../di/container-options';
import { BackendUnavailableError, ConfigurationError, EnqueueError, MaxStepsExceededError, NecroStackError, EventValidationError } from '../errors';
import { Event } from '../event/event';
import type { Logger } from '../logging/logger';
import { createLogger } from '../logging/winston-logger';
import { resolveOrgan } from '../organ/check-constructor-metadata';
import { checkOrganSet, defineOrgan } from '../organ/organ-definition';
import type { ClassType } from '../organ/metadata';
import { validatePayload } from '../validation/payload-validator';
import type { HandlerMiddleware } from '../middleware/handler';
import { resolveSchedules } from '../schedule/schedule';
import { Scheduler } from '../schedule/scheduler';
import { runBatch } from './batch-run';
import { BatchSettler } from './batch-settler';
import { checkCapabilities, checkSchedules, DelayedEventCheck } from './capability-check';
import { CircuitBreaker, type BackendOperation } from './circuit-breaker';
import { DeliveryProcessor } from './delivery-processor';
import { FailurePolicy, type Outcome } from './failure-policy';
import { HandlerChains } from './handler-chain';
import { Router } from './router';
import { resolveSettings, type ResolvedSettings, type SpineOptions } from './spine-options';
import { SettlementWindow } from './settlement-window';
import { StatsCounter, type SpineStats } from './spine-stats';
import { UnroutedEvents } from './unrouted-events';

type Mode = 'run' | 'forever';

/**
 * The dispatcher: pulls deliveries from the backend, runs each organ's handler, enqueues what the
 * handlers return, then acks. Build it explicitly, or let the DI container build it with every
 * discovered `@Organ` (`container.resolve(Spine)` with a backend registered under `BACKEND`).
 *
 * @example
 * ```ts
 * const spine = new Spine({ organs: [ValidateOrder, ChargeCard], backend: new InMemoryBackend() });
 * const stats = await spine.run(new Event('ORDER_PLACED', { orderId: 'A-1', amount: 10 }));
 * console.log(stats.eventsProcessed, await spine.failedEventStore.getAll());
 * ```
 */
@injectable()
export class Spine {
  private readonly backend: Backend;
  private readonly settings: ResolvedSettings;
  private readonly logger: Logger;
  private readonly router: Router;
  private readonly stats = new StatsCounter();
  private readonly processor: DeliveryProcessor;
  private readonly settler: BatchSettler;
  private readonly breaker: CircuitBreaker;
  private readonly failedStore: FailedEventStore;
  private readonly unrouted: UnroutedEvents;
  private readonly delayed: DelayedEventCheck;
  private readonly scheduler: Scheduler;
  private subscribed = false;
  private running: Promise<void> | undefined;
  private stopper = new AbortController();
  private deadline = new AbortController();

  constructor(@inject(CONTAINER_SPINE_OPTIONS) options: SpineOptions) {
    if (!options?.backend) throw new ConfigurationError('backend', 'is required (register one under the BACKEND token, or pass { backend })');
    this.backend = options.backend;
    this.settings = resolveSettings(options);
    this.logger = (options.logger ?? createLogger()).child({ component: 'spine' });
    const organs = (options.organs ?? []).map((organ) => defineOrgan(instantiate(organ)));
    if (organs.length === 0) {
      throw new ConfigurationError('organs', 'no organs: import the modules of your @Organ classes before container.resolve(Spine), or pass { organs }');
    }
    checkOrganSet(organs);
    checkCapabilities(organs, this.backend);
    this.delayed = new DelayedEventCheck(this.backend);
    const chains = new HandlerChains({
      settings: this.settings, middleware: checkMiddleware(options.middleware), onHandlerFinished: options.onHandlerFinished,
      stats: this.stats, logger: this.logger,
    });
    this.router = new Router(organs, chains, this.logger);
    const schedules = resolveSchedules(options.schedules);
    checkSchedules(schedules, this.backend);
    const validation = { compiled: this.settings.compiledValidation };
    for (const { eventType, payload } of schedules) {
      for (const dto of this.router.dtos(eventType)) validatePayload(dto, payload ?? {}, eventType, validation);
    }
    this.scheduler = new Scheduler(schedules, this.backend, this.logger);
    this.unrouted = new UnroutedEvents(this.router.subscriptions.flatMap((s) => s.eventTypes), this.logger);
    this.failedStore = options.failedEventStore ?? this.backend.deadLetters;
    const policy = new FailurePolicy(this.settings, this.backend.maxDeliveries);
    this.processor = new DeliveryProcessor(this.router, policy, this.stats, this.logger, this.delayed);
    this.settler = new BatchSettler(this.backend, policy, this.settings, this.stats, this.logger, options.failedEventStore);
    this.breaker = new CircuitBreaker(this.settings.maxConsecutiveBackendFailures, this.settings.retryBaseDelayMs);
  }

  /** Where failed events are: the `failedEventStore` option, else the backend's dead-letter store. */
  get failedEventStore(): FailedEventStore {
    return this.failedStore;
  }

  /**
   * Validates events against the DTOs their listeners declared, then enqueues them. An event with a
   * `deliverAt` (or `delayMs`) is delivered no earlier than that time (docs/scheduling.md).
   * @throws EventValidationError when given something that is not an Event.
   * @throws ConfigurationError for a delayed event when the backend cannot hold it (no `delayedDelivery` capability).
   * @throws PayloadValidationError naming every failing property; nothing of the batch is enqueued.
   * @throws BackendFullError, BackendUnavailableError or EnqueueError from the backend.
   */
  async publish(events: Event<object> | readonly Event<object>[]): Promise<void> {
    const batch = Array.isArray(events) ? (events as readonly Event<object>[]) : [events as Event<object>];
    const options = { compiled: this.settings.compiledValidation };
    for (const event of batch) {
      if (!(event instanceof Event)) throw new EventValidationError('event', 'must be an Event instance (new Event(type, payload))');
      for (const dto of this.router.dtos(event.eventType)) validatePayload(dto, event.payload, event.eventType, options);
    }
    this.delayed.check(batch);
    this.unrouted.published(batch);
    try {
      await this.backend.enqueue(batch);
    } catch (error) {
      if (error instanceof NecroStackError) throw error;
      throw new EnqueueError(`Could not enqueue ${batch.length} event(s): ${String(error)}`, batch.map((e) => e.id), { cause: error });
    }
  }

  /**
   * Publishes `start` (if given), then processes until nothing is queued or in flight — including
   * events enqueued before the call and every event the handlers emit. May be called again.
   * @throws MaxStepsExceededError when `maxSteps` deliveries were processed and work remains.
   * @throws BackendUnavailableError when the circuit breaker opens.
   */
  async run(start?: Event<object> | readonly Event<object>[]): Promise<SpineStats> {
    if (start !== undefined) await this.publish(start);
    await this.start('run');
    return this.getStats();
  }

  /** Processes events until {@link Spine.stop} is called, then resolves; publishes the `schedules`' ticks meanwhile. */
  async runForever(): Promise<void> {
    await this.start('forever');
  }

  /**
   * Stops gracefully: no more pulls; in-flight deliveries finish and are acked until `timeoutMs`
   * (default `shutdownTimeoutMs`), then what is unfinished is handed back to the backend for
   * another consumer. Resolves once the loop has ended and logs are flushed. Idempotent.
   */
  async stop(timeoutMs = this.settings.shutdownTimeoutMs): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.stopper.abort();
    const timer = setTimeout(() => this.deadline.abort(), timeoutMs);
    await running.catch(() => undefined);
    clearTimeout(timer);
    await this.logger.flush?.();
  }

  /** A snapshot of the counters. */
  getStats(): SpineStats {
    return { ...this.stats.snapshot(), unroutedEvents: this.unrouted.snapshot() };
  }

  private async start(mode: Mode): Promise<void> {
    if (this.running) throw new ConfigurationError('run', 'the Spine is already running; call stop() first');
    this.stopper = new AbortController();
    this.deadline = new AbortController();
    // Every call in flight that holds its context's signal listens to the deadline: up to
    // `concurrency` listeners, legitimately more than Node's default warning threshold of 10.
    setMaxListeners(0, this.deadline.signal);
    this.processor.deadline = this.deadline.signal;
    this.running = this.loop(mode);
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async loop(mode: Mode): Promise<void> {
    await this.subscribe(mode);
    this.logger.info('Spine started', { mode, subscriptions: this.router.subscriptions.map((s) => s.group) });
    if (mode === 'forever') this.scheduler.start();
    let steps = 0;
    // Settlements overlap the next pulls and batches (see SettlementWindow); the pull only takes
    // new deliveries, so nothing is delivered twice.
    const settlements = new SettlementWindow(() => this.breaker.failing('settle'));
    try {
      while (!this.stopper.signal.aborted) {
        const max = mode === 'run' ? Math.min(this.settings.batchSize, this.settings.maxSteps - steps) : this.settings.batchSize;
        if (max === 0) {
          await throwIfFailed(settlements.drain());
          return await this.failIfWorkRemains();
        }
        const batch = await this.pull(max, mode);
        const overlapped = settlements.busy;
        if (batch === undefined || batch.length === 0) {
          await throwIfFailed(settlements.drain());
          // An empty pull that overlapped a settlement may have missed the events it enqueued.
          if (batch !== undefined && mode === 'run' && !overlapped) break;
          continue;
        }
        const { done, unfinished } = await this.handle(batch);
        const emits = done.some((outcome) => outcome.kind === 'ack' && outcome.emitted.length > 0);
        const previous = await settlements.room(emits);
        settlements.add(this.settle(done, unfinished, mode), emits);
        steps += batch.length;
        if (previous !== undefined) {
          // This batch was handled already: settle it, then fail with the first error.
          await settlements.drain();
          throw previous;
        }
      }
    } finally {
      this.scheduler.stop();
      await throwIfFailed(settlements.drain());
    }
    this.logger.info('Spine stopped', { mode, ...this.getStats() });
  }

  /** Declares the groups once; a failure pauses and retries like any backend failure. */
  private async subscribe(mode: Mode): Promise<void> {
    while (!this.subscribed && !this.stopper.signal.aborted) {
      try {
        // stop() does not wait for a backend that cannot be reached.
        if ((await raceAbort(this.backend.subscribe(this.router.subscriptions).then(() => true), this.stopper.signal)) !== true) return;
        this.subscribed = true;
        this.breaker.success('subscribe');
      } catch (error) {
        this.stats.backendErrors++;
        await this.pauseAfterFailure(error, mode, 'subscribe', 'Backend subscribe failed');
      }
    }
  }

  /** One pull; undefined when it failed or was cut short by stop(). */
  private async pull(max: number, mode: Mode): Promise<Delivery[] | undefined> {
    try {
      const pulling = this.backend.pull(max, mode === 'run' ? 0 : this.settings.pollIntervalMs);
      const batch = await raceAbort(pulling, this.stopper.signal);
      this.breaker.success('pull');
      if (batch === undefined) {
        // A pull that finishes after stop() hands its deliveries straight back.
        pulling.then((late) => this.release(late)).catch((error: unknown) => {
          this.logger.warn('Could not hand back deliveries pulled during stop', { error });
        });
      }
      return batch;
    } catch (error) {
      this.stats.backendErrors++;
      await this.pauseAfterFailure(error, mode, 'pull', 'Backend pull failed');
      return undefined;
    }
  }

  /** Runs the batch's handlers; resolves with their outcomes, and what the stop deadline left unfinished. */
  private async handle(batch: readonly Delivery[]): Promise<{ done: Outcome[]; unfinished: Delivery[] }> {
    const { outcomes, done: processing } = runBatch(this.processor, batch, this.settings.concurrency, this.deadline.signal);
    await raceAbort(processing, this.deadline.signal);
    const done: Outcome[] = [];
    const unfinished: Delivery[] = [];
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if (outcome) done.push(outcome);
      else unfinished.push(batch[i] as Delivery);
    }
    if (unfinished.length > 0) this.logger.warn('Shutdown deadline passed; handing back unfinished deliveries', { count: unfinished.length });
    return { done, unfinished };
  }

  /**
   * Settles a batch. Never rejects, since it runs unawaited while the next pull waits: it resolves
   * with the error that must end the loop (FAIL-mode EnqueueError, an open circuit in run()).
   */
  private async settle(done: readonly Outcome[], unfinished: readonly Delivery[], mode: Mode): Promise<unknown> {
    this.unrouted.emitted(done);
    try {
      await this.settler.settle(done, unfinished);
      this.breaker.success('settle');
    } catch (error) {
      if (error instanceof EnqueueError) return error;
      return this.pauseAfterFailure(error, mode, 'settle', 'Backend settle failed').then(() => undefined, (fatal: unknown) => fatal);
    }
    return undefined;
  }

  private async pauseAfterFailure(error: unknown, mode: Mode, operation: BackendOperation, message: string): Promise<void> {
    const delay = this.breaker.failure(operation);
    // run() gives up at once on what no retry can fix (a wrong password, an unknown host).
    if (mode === 'run' && error instanceof BackendUnavailableError && error.permanent) throw error;
    if (this.breaker.isOpen && mode === 'run') throw this.breaker.openError(error);
    this.logger.error(message, { error, retry_in_ms: Math.round(delay), circuit_open: this.breaker.isOpen });
    await sleepFor(delay, undefined, { signal: this.stopper.signal }).catch(() => undefined);
  }

  /** At maxSteps: if a delivery is still waiting, hand it back and fail. */
  private async failIfWorkRemains(): Promise<void> {
    const more = await this.backend.pull(1, 0);
    if (more.length === 0) return;
    await this.release(more);
    throw new MaxStepsExceededError(this.settings.maxSteps);
  }

  private async release(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length > 0) await this.backend.settle({ acks: [], nacks: [], releases: deliveries, deadLetters: [] });
  }
}

/** Awaits a settlement and throws the error it resolved with, if any. */
async function throwIfFailed(settling: Promise<unknown> | undefined): Promise<void> {
  const error = await settling;
  if (error !== undefined) throw error;
}

/** Resolves with the promise's value, or undefined as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error); },
    );
  });
}

function checkMiddleware(middleware: readonly HandlerMiddleware[] | undefined): readonly HandlerMiddleware[] {
  if (middleware === undefined) return [];
  if (!Array.isArray(middleware) || middleware.some((m) => typeof m !== 'function')) {
    throw new ConfigurationError('middleware', 'must be an array of functions (next) => handler');
  }
  return middleware;
}

function instantiate(organ: object | ClassType): object {
  return typeof organ === 'function' ? resolveOrgan(organ as ClassType, (cls) => container.resolve(cls)) : organ;
}
