import type { Logger } from '../logging/logger';
import { compose } from '../middleware/compose';
import type { Handler, HandlerMiddleware } from '../middleware/handler';
import { timing } from '../middleware/timing.middleware';
import { Tries } from '../middleware/tries.middleware';
import { validation } from '../middleware/validation.middleware';
import { preparePayloadValidation } from '../validation/payload-validator';
import type { HandlerBinding, OrganDefinition } from '../organ/organ-definition';
import type { HandlerTiming, ResolvedSettings } from './spine-options';
import type { StatsCounter } from './spine-stats';

/** An organ's handler for one event type, with its middleware chain composed. */
export interface BoundHandler {
  readonly organ: string;
  readonly group: string;
  readonly eventType: string;
  /** The organ's logger, handed to the handler in its context. */
  readonly logger: Logger;
  /** Middleware, built-ins and the handler, composed. */
  readonly handle: Handler;
  /**
   * When no middleware wraps the built-in tries (no Spine or organ middleware, no DTO, no
   * `onHandlerFinished`): the tries and the organ's handler itself. The Spine then makes the first
   * try itself, bounded by the tries' timeout, and leaves the retries to them: an async call costs
   * no promise of the tries' own.
   */
  readonly direct: DirectCall | undefined;
}

/** The tries of a handler that no middleware wraps, and the handler. */
export interface DirectCall {
  readonly tries: Tries;
  readonly invoke: Handler;
}

/** What the chains are built from, besides each organ's own middleware. */
export interface ChainOptions {
  readonly settings: ResolvedSettings;
  readonly middleware: readonly HandlerMiddleware[];
  readonly onHandlerFinished: ((timing: HandlerTiming) => void) | undefined;
  readonly stats: StatsCounter;
  readonly logger: Logger;
}

/**
 * Builds every handler's chain once, at bootstrap: the Spine's middleware, the organ's, then the
 * built-ins — validation (with a DTO), timing (with `onHandlerFinished`), the tries (retries,
 * the result check, the timeout) — and the handler. A built-in a handler does not need is left out.
 */
export class HandlerChains {
  private readonly tries: Tries;
  private readonly timing: HandlerMiddleware | undefined;

  constructor(private readonly options: ChainOptions) {
    const { settings, stats, logger, onHandlerFinished } = options;
    // One policy of tries for the whole Spine: one shared timer bounds every call.
    this.tries = new Tries({
      attempts: settings.retryAttempts, baseDelayMs: settings.retryBaseDelayMs, timeoutMs: settings.handlerTimeoutMs,
      onRetry: () => { stats.handlerRetries++; },
    });
    this.timing = onHandlerFinished ? timing(onHandlerFinished, logger) : undefined;
  }

  bind(organ: OrganDefinition, binding: HandlerBinding, logger: Logger): BoundHandler {
    const chain: HandlerMiddleware[] = [...this.options.middleware, ...organ.middleware];
    if (binding.payload) {
      const { compiledValidation } = this.options.settings;
      // Compiled at bootstrap, not on the first payload.
      if (compiledValidation && !preparePayloadValidation(binding.payload)) {
        logger.debug('DTO not compiled: class-validator checks each payload', { dto: binding.payload.name, eventType: binding.eventType });
      }
      chain.push(validation(binding.payload, { compiled: compiledValidation }));
    }
    if (this.timing) chain.push(this.timing);
    const direct = chain.length === 0 ? { tries: this.tries, invoke: binding.invoke } : undefined;
    chain.push(this.tries.middleware);
    return {
      organ: binding.organ, group: binding.group, eventType: binding.eventType, logger, handle: compose(binding.invoke, chain), direct,
    };
  }
}
