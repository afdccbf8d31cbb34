import type { Backend } from '../backend/backend';
import type { WritableFailedEventStore } from '../backend/dead-letter';
import { ConfigurationError } from '../errors';
import type { Logger } from '../logging/logger';
import type { HandlerMiddleware } from '../middleware/handler';
import type { ClassType } from '../organ/metadata';
import type { Schedule } from '../schedule/schedule';
import { DEFAULT_COMPILED_VALIDATION } from '../validation/payload-validator';

/** What the Spine does when a handler still fails after `retryAttempts` tries. */
export enum HandlerFailureMode {
  /** Log, count in `handlerErrors`, ack: the event is gone. */
  LOG = 'LOG',
  /** Dead-letter the event with the reason, then ack (the default). */
  STORE = 'STORE',
  /** Leave it for redelivery; after the backend's `maxDeliveries` attempts it is dead-lettered. */
  NACK = 'NACK',
}

/** What the Spine does when events a handler emitted cannot be enqueued. */
export enum EnqueueFailureMode {
  /** Leave the source delivery unacked (it is delivered again) and fail: `run()` rejects, `runForever()` stops. */
  FAIL = 'FAIL',
  /** Retry `retryAttempts` times with backoff, then behave as FAIL. */
  RETRY = 'RETRY',
  /** Retry `retryAttempts` times with backoff, then dead-letter the events and ack the source (the default). */
  STORE = 'STORE',
}

export const DEFAULT_MAX_STEPS = 10_000;
export const DEFAULT_RETRY_ATTEMPTS = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 100;
export const DEFAULT_MAX_CONSECUTIVE_BACKEND_FAILURES = 10;
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 1;
export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CAUSATION_DEPTH = 100;

/** Tunables of a {@link Spine}; every one has a default. Times are in milliseconds. */
export interface SpineSettings {
  /** Most deliveries one `run()` call processes before it rejects with `MaxStepsExceededError` (10,000). */
  readonly maxSteps?: number;
  /** See {@link EnqueueFailureMode} (STORE). */
  readonly enqueueFailureMode?: EnqueueFailureMode;
  /** See {@link HandlerFailureMode} (STORE). */
  readonly handlerFailureMode?: HandlerFailureMode;
  /** Where the Spine also records dead letters; `spine.failedEventStore` is this store when given, else the backend's. */
  readonly failedEventStore?: WritableFailedEventStore;
  /** Tries of a failing handler within one delivery, and of a failing enqueue in RETRY mode (3). */
  readonly retryAttempts?: number;
  /** First retry delay; doubled on each retry, with jitter (100). */
  readonly retryBaseDelayMs?: number;
  /** Backend failures in a row after which the circuit opens (10). */
  readonly maxConsecutiveBackendFailures?: number;
  /** How long an async handler may take before it fails with `HandlerTimeoutError` (30,000). */
  readonly handlerTimeoutMs?: number;
  /** Deliveries handled at once (1: strict FIFO per organ). */
  readonly concurrency?: number;
  /** Deliveries pulled from the backend at once (100). */
  readonly batchSize?: number;
  /** How long `runForever()` waits in one pull when nothing is queued (1,000). */
  readonly pollIntervalMs?: number;
  /** How long `stop()` lets in-flight work finish before handing it back (30,000). */
  readonly shutdownTimeoutMs?: number;
  /** Deepest causation chain before an emitted event is dead-lettered as a loop (100). */
  readonly maxCausationDepth?: number;
  /**
   * Validate DTO payloads on the compiled path where the DTO allows it (true): class-validator's
   * constraints compiled from its metadata at construction, and the instance built without
   * class-transformer — with the same verdicts, instances and `PayloadValidationError` contents as
   * `plainToInstance` + `validateSync`, which still handle every invalid payload and every DTO
   * using what the compiled path does not reproduce (custom constraints, `@ValidateIf`, groups,
   * `@Transform`…). `false`: always class-transformer + class-validator. See docs/validation.md.
   *
   * @example
   * ```ts
   * new Spine({ organs, backend, compiledValidation: false }); // pure class-validator
   * ```
   */
  readonly compiledValidation?: boolean;
  /** Where the Spine logs; default: the winston JSON logger at `NECRO_LOG_LEVEL` or info. */
  readonly logger?: Logger;
  /**
   * Called after each handler call of a delivery finished (its retries included), with how long it
   * took: for metrics such as a handler-duration histogram. It runs on the hot path, so keep it
   * cheap; an error it throws is logged and ignored.
   *
   * @example
   * ```ts
   * new Spine({ organs, backend, onHandlerFinished: (t) => histogram.observe({ organ: t.organ }, t.durationMs / 1000) });
   * ```
   */
  readonly onHandlerFinished?: (timing: HandlerTiming) => void;
  /**
   * Middleware around every organ handler, outermost first (outside each organ's own
   * `@Organ({ middleware })`): tracing, metrics, rate limits… See {@link HandlerMiddleware}.
   *
   * @example
   * ```ts
   * new Spine({ organs, backend, middleware: [tracing(), rateLimit({ perSecond: 100 })] });
   * ```
   */
  readonly middleware?: readonly HandlerMiddleware[];
  /**
   * Recurring schedules: while the Spine runs forever, the event of each schedule's tick is
   * published once per tick across every worker that has it (docs/scheduling.md). Needs a backend
   * with `claimTick` (InMemoryBackend, RedisBackend, PostgresBackend).
   */
  readonly schedules?: readonly Schedule[];
}

/** One handler call of one delivery, as reported to `onHandlerFinished`. */
export interface HandlerTiming {
  readonly organ: string;
  readonly eventType: string;
  /** From the first call to the last try's end, retries and their backoff included. */
  readonly durationMs: number;
  /** False when the handler finally failed (thrown, timed out, or returned something invalid). */
  readonly succeeded: boolean;
}

/** Everything `new Spine(...)` takes: the organs, the backend and the settings. */
export interface SpineOptions extends SpineSettings {
  /** Organ instances, or `@Organ` classes (built by the tsyringe container). */
  readonly organs: readonly (object | ClassType)[];
  readonly backend: Backend;
}

/** Settings with every default applied. */
export type ResolvedSettings = Required<Omit<SpineSettings, 'failedEventStore' | 'logger' | 'onHandlerFinished' | 'middleware' | 'schedules'>>;

export function resolveSettings(settings: SpineSettings): ResolvedSettings {
  return {
    maxSteps: positive('maxSteps', settings.maxSteps ?? DEFAULT_MAX_STEPS),
    enqueueFailureMode: oneOf('enqueueFailureMode', settings.enqueueFailureMode ?? EnqueueFailureMode.STORE, EnqueueFailureMode),
    handlerFailureMode: oneOf('handlerFailureMode', settings.handlerFailureMode ?? HandlerFailureMode.STORE, HandlerFailureMode),
    retryAttempts: positive('retryAttempts', settings.retryAttempts ?? DEFAULT_RETRY_ATTEMPTS),
    retryBaseDelayMs: nonNegative('retryBaseDelayMs', settings.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS),
    maxConsecutiveBackendFailures: positive('maxConsecutiveBackendFailures', settings.maxConsecutiveBackendFailures ?? DEFAULT_MAX_CONSECUTIVE_BACKEND_FAILURES),
    handlerTimeoutMs: positive('handlerTimeoutMs', settings.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS),
    concurrency: positive('concurrency', settings.concurrency ?? DEFAULT_CONCURRENCY),
    batchSize: positive('batchSize', settings.batchSize ?? DEFAULT_BATCH_SIZE),
    pollIntervalMs: positive('pollIntervalMs', settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS),
    shutdownTimeoutMs: nonNegative('shutdownTimeoutMs', settings.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS),
    maxCausationDepth: positive('maxCausationDepth', settings.maxCausationDepth ?? DEFAULT_MAX_CAUSATION_DEPTH),
    compiledValidation: flag('compiledValidation', settings.compiledValidation ?? DEFAULT_COMPILED_VALIDATION),
  };
}

function positive(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(option, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function nonNegative(option: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(option, `must be a number ≥ 0, got ${String(value)}`);
  }
  return value;
}

function flag(option: string, value: boolean): boolean {
  if (typeof value !== 'boolean') throw new ConfigurationError(option, `must be true or false, got ${String(value)}`);
  return value;
}

function oneOf<T extends string>(option: string, value: T, values: Record<string, T>): T {
  if (!Object.values(values).includes(value)) {
    throw new ConfigurationError(option, `must be one of ${Object.values(values).join(', ')}, got ${String(value)}`);
  }
  return value;
}
