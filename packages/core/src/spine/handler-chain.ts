import type { Logger } from '../logging/logger';
import { compose } from '../middleware/compose';
import type { Event } from '../event/event';
import type { Handler, HandlerContext, HandlerMiddleware } from '../middleware/handler';
import { timing } from '../middleware/timing.middleware';
import { Tries } from '../middleware/tries.middleware';
import { validatedView, validating } from '../middleware/validation.middleware';
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
   * When no middleware wraps the built-in tries but the payload's validation (no Spine or organ
   * middleware, no `onHandlerFinished`): the tries, the organ's handler itself and the validation.
   * The Spine then validates and makes the first try itself, bounded by the tries' timeout, and
   * leaves the retries to them: an async call costs no promise of the tries' own.
   */
  readonly direct: DirectCall | undefined;
}

/** The tries of a handler that no middleware wraps, the handler, and its payload's validation (with a DTO). */
export interface DirectCall {
  readonly tries: Tries;
  readonly invoke: Handler;
  /** The event the handler is called with, its payload the DTO instance; throws for an invalid payload (see validatedView). */
  readonly view: ((event: Event, context: HandlerContext) => Event) | undefined;
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
    const wrapped = chain.length > 0 || this.timing !== undefined;
    let view: DirectCall['view'];
    if (binding.payload) {
      const { compiledValidation } = this.options.settings;
      // Compiled at bootstrap, not on the first payload.
      if (compiledValidation && !preparePayloadValidation(binding.payload)) {
        logger.debug('DTO not compiled: class-validator checks each payload', { dto: binding.payload.name, eventType: binding.eventType });
      }
      view = validatedView(binding.payload, { compiled: compiledValidation });
      chain.push(validating(view));
    }
    if (this.timing) chain.push(this.timing);
    const direct = wrapped ? undefined : { tries: this.tries, invoke: binding.invoke, view };
    chain.push(this.tries.middleware);
    return {
      organ: binding.organ, group: binding.group, eventType: binding.eventType, logger, handle: compose(binding.invoke, chain), direct,
    };
  }
}
