/**
 * Every error NecroStack throws extends {@link NecroStackError}: catch it to catch them all,
 * switch on {@link NecroStackError.code} to tell them apart. Codes are stable across releases and
 * are listed in `docs/errors.md`.
 *
 * @example
 * ```ts
 * try {
 *   new Event('', {});
 * } catch (err) {
 *   if (err instanceof NecroStackError) console.error(err.code, err.message, err.help);
 * }
 * ```
 */
export class NecroStackError extends Error {
  /** A stable, machine-readable identifier such as `NECRO_EVENT_INVALID`. */
  readonly code: string;
  /** A hint on how to fix the problem, when there is one. */
  readonly help?: string;

  constructor(code: string, message: string, options: { cause?: unknown; help?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.help !== undefined) this.help = options.help;
  }
}

/** An {@link Event} was built from invalid input; `field` names what is wrong and `rule` why. */
export class EventValidationError extends NecroStackError {
  constructor(
    readonly field: string,
    readonly rule: string,
    options: { cause?: unknown; help?: string } = {},
  ) {
    super('NECRO_EVENT_INVALID', `Invalid event: ${field} ${rule}`, options);
  }
}

/** One failing property of a DTO and the constraints it broke. */
export interface PayloadViolation {
  /** Dotted path of the property, e.g. `items.0.sku`. */
  readonly property: string;
  /** Constraint name → message, as class-validator reports them. */
  readonly constraints: Readonly<Record<string, string>>;
}

/** A payload does not satisfy the DTO an organ declared; `violations` lists every failure. */
export class PayloadValidationError extends NecroStackError {
  constructor(
    readonly eventType: string,
    readonly dtoName: string,
    readonly violations: readonly PayloadViolation[],
    options: { cause?: unknown } = {},
  ) {
    const details = violations
      .map((v) => `${v.property} (${Object.entries(v.constraints).map(([k, m]) => `${k}: ${m}`).join('; ')})`)
      .join(', ');
    super('NECRO_PAYLOAD_INVALID', `Payload of ${eventType} does not match ${dtoName}: ${details}`, {
      ...options,
      help: `Fix the payload or the ${dtoName} DTO; every failing property is listed in \`violations\`.`,
    });
  }
}

/**
 * What is known of events an {@link EnqueueError} names: `failed` — they were not stored (the
 * backend refused them or was never reached); `unknown` — the write was sent but no answer came
 * (a timeout, a connection lost in flight), so they may have been stored.
 * @example
 * ```ts
 * const outcome: EnqueueOutcome = error.outcome;
 * if (outcome === 'unknown') console.warn('the events may be stored: retry the same events, do not build new ones');
 * ```
 */
export type EnqueueOutcome = 'failed' | 'unknown';

/**
 * Events could not be stored in the backend. `outcome` says whether they are known not to be
 * stored (`failed`, the default) or may have been (`unknown`).
 */
export class EnqueueError extends NecroStackError {
  /** `failed`: not stored; `unknown`: no answer came, they may be stored. */
  readonly outcome: EnqueueOutcome;

  constructor(
    message: string,
    readonly eventIds: readonly string[],
    options: { cause?: unknown; help?: string; outcome?: EnqueueOutcome } = {},
  ) {
    super('NECRO_ENQUEUE_FAILED', message, options);
    this.outcome = options.outcome ?? 'failed';
  }
}

/**
 * The backend cannot be reached, or failed repeatedly (the Spine's circuit breaker opened).
 * `permanent` says that retrying cannot help until the configuration changes (credentials, host,
 * TLS); otherwise the failure may pass (the server restarting, the network).
 */
export class BackendUnavailableError extends NecroStackError {
  readonly permanent: boolean;

  constructor(message: string, options: { cause?: unknown; help?: string; permanent?: boolean } = {}) {
    super('NECRO_BACKEND_UNAVAILABLE', message, options);
    this.permanent = options.permanent ?? false;
  }
}

/** A bounded backend is full; the caller should slow down or raise `maxSize`. */
export class BackendFullError extends NecroStackError {
  constructor(
    readonly maxSize: number,
    readonly attempted: number,
  ) {
    super('NECRO_BACKEND_FULL', `Backend is full: ${attempted} more event(s) would exceed maxSize ${maxSize}`, {
      help: 'Slow the producer down (retry after the consumers catch up) or raise maxSize.',
    });
  }
}

/** A handler did not settle within `handlerTimeoutMs`. */
export class HandlerTimeoutError extends NecroStackError {
  constructor(
    readonly organ: string,
    readonly timeoutMs: number,
  ) {
    super('NECRO_HANDLER_TIMEOUT', `Organ ${organ} did not finish within ${timeoutMs} ms`, {
      help: 'Make the handler faster, or raise the Spine option handlerTimeoutMs.',
    });
  }
}

/** `run()` processed `maxSteps` events and there was still work queued. */
export class MaxStepsExceededError extends NecroStackError {
  constructor(readonly maxSteps: number) {
    super('NECRO_MAX_STEPS', `run() processed ${maxSteps} deliveries and work remains queued`, {
      help: 'A chain of events may be looping; otherwise raise maxSteps, or use runForever() for a worker.',
    });
  }
}

/** An organ definition is invalid (no handler, empty event type, duplicate name…). */
export class OrganDefinitionError extends NecroStackError {
  constructor(
    readonly organ: string,
    message: string,
    help?: string,
  ) {
    super('NECRO_ORGAN_INVALID', `Organ ${organ}: ${message}`, help === undefined ? {} : { help });
  }
}

/** Options given to a NecroStack constructor are invalid. */
export class ConfigurationError extends NecroStackError {
  constructor(
    readonly option: string,
    message: string,
    options: { cause?: unknown; help?: string } = {},
  ) {
    super('NECRO_CONFIG_INVALID', `Invalid option ${option}: ${message}`, options);
  }
}

/** A handler returned something that is not an Event, an array of Events, or nothing. */
export class HandlerResultError extends NecroStackError {
  constructor(readonly organ: string, readonly received: string) {
    super('NECRO_HANDLER_RESULT_INVALID', `Organ ${organ} returned ${received}; expected Event, Event[], null or undefined`, {
      help: 'Return new Event(...) instances (or an array of them), or nothing.',
    });
  }
}

/** An event was cut because its causation chain is deeper than `maxCausationDepth` (a loop). */
export class EventLoopError extends NecroStackError {
  constructor(readonly depth: number, readonly maxDepth: number) {
    super('NECRO_EVENT_LOOP', `Causation depth ${depth} exceeds maxCausationDepth ${maxDepth}; the chain looks like a loop`, {
      help: 'Check which organs emit each other\'s input types, or raise maxCausationDepth.',
    });
  }
}

/**
 * A stream entry could not be decoded into an Event. `bytes` holds the entry's exact bytes when
 * they are not text (not valid UTF-8), which no string can carry unaltered.
 */
export class MalformedEntryError extends NecroStackError {
  /** The entry's exact bytes, when they are not valid UTF-8. */
  readonly bytes?: Uint8Array;

  constructor(message: string, options: { cause?: unknown; bytes?: Uint8Array } = {}) {
    super('NECRO_ENTRY_MALFORMED', `Malformed entry: ${message}`, options.cause === undefined ? {} : { cause: options.cause });
    if (options.bytes !== undefined) this.bytes = options.bytes;
  }
}

/** A delivery was nacked `maxDeliveries` times and was dead-lettered. */
export class DeliveryExhaustedError extends NecroStackError {
  constructor(readonly attempts: number, options: { cause?: unknown } = {}) {
    super('NECRO_DELIVERY_EXHAUSTED', `Delivery failed ${attempts} time(s) and was dead-lettered`, options);
  }
}

/** The object was used after `close()` or `stop()`. */
export class ClosedError extends NecroStackError {
  constructor(what: string) {
    super('NECRO_CLOSED', `${what} is closed`);
  }
}

/**
 * A saga step could not save its instance: other deliveries of the same correlation key kept
 * saving first, `tries` times in a row. A handler failure (retried, redelivered or dead-lettered
 * by the failure mode); the instance holds the other deliveries' writes.
 */
export class SagaConflictError extends NecroStackError {
  constructor(readonly saga: string, readonly key: string, readonly tries: number) {
    super('NECRO_SAGA_CONFLICT', `Saga ${saga} (key ${JSON.stringify(key)}): ${tries} saves in a row lost to concurrent writes`, {
      help: 'Raise sagas({ maxConflictRetries }) or lower the concurrency of the saga’s deliveries for one key.',
    });
  }
}

/** An event gave a saga no usable correlation key (missing field, empty or not a string). */
export class SagaCorrelationError extends NecroStackError {
  constructor(readonly saga: string, readonly eventType: string, reason: string) {
    super('NECRO_SAGA_KEY_INVALID', `Saga ${saga}: a ${eventType} event has no correlation key: ${reason}`);
  }
}
