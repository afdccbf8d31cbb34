import { context as otelContext, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
import { Event, type Handler, type HandlerContext, type HandlerOutcome, type HandlerResult, type HandlerRetry } from '@necrostack/core';
import { errorType, type MessagingMetrics } from '../metrics/messaging-metrics';
import { traceHeaders } from '../propagation/event-headers';
import { ATTR, SPAN_EVENT } from '../semconv';
import type { BindingNames } from './binding-names';

/**
 * One handler call in its CONSUMER span: runs `next` with the span active, gives the events it
 * returns the span's context, ends the span — on a failure only once the Spine has decided what
 * becomes of the delivery, so a dead letter is on the span — and records the metrics.
 */
export class ConsumerCall {
  private readonly started: number;

  constructor(
    private readonly span: Span,
    private readonly active: Context,
    private readonly context: HandlerContext,
    private readonly names: BindingNames,
    private readonly metrics: MessagingMetrics | undefined,
  ) {
    this.started = metrics === undefined ? 0 : performance.now();
  }

  run(next: Handler, event: Event): HandlerResult | Promise<HandlerResult> {
    const { span, context } = this;
    if (span.isRecording()) {
      span.setAttributes({
        [ATTR.MESSAGING_MESSAGE_ID]: event.id,
        [ATTR.MESSAGING_MESSAGE_CONVERSATION_ID]: event.correlationId ?? event.id,
        [ATTR.ATTEMPT]: context.attempt,
        ...(event.causationId === undefined ? {} : { [ATTR.CAUSATION_ID]: event.causationId }),
      });
      context.onRetry((retry) => this.retried(retry));
    }
    let result: HandlerResult | PromiseLike<HandlerResult>;
    try {
      result = otelContext.with(this.active, next, undefined, event, context);
    } catch (error) {
      this.failed(error);
      throw error;
    }
    // A synchronous handler stays synchronous: only a thenable is awaited (as the Spine does).
    if (typeof (result as PromiseLike<HandlerResult> | null | undefined)?.then !== 'function') return this.succeeded(result as HandlerResult);
    return Promise.resolve(result).then(
      (value) => this.succeeded(value),
      (error: unknown) => {
        this.failed(error);
        throw error;
      },
    );
  }

  private succeeded(result: HandlerResult): HandlerResult {
    this.span.end();
    this.metrics?.processed(this.names.attributes(), this.seconds(), undefined);
    return withContext(result, this.active);
  }

  private failed(error: unknown): void {
    const { span, context } = this;
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.setAttribute(ATTR.ERROR_TYPE, errorType(error));
    this.metrics?.processed(this.names.attributes(), this.seconds(), errorType(error));
    // A context built by hand (not the Spine's) may lack onOutcome: then the span ends now.
    if (typeof context.onOutcome === 'function') context.onOutcome((outcome) => this.decided(outcome));
    else span.end();
  }

  private decided(outcome: HandlerOutcome): void {
    if (outcome.kind === 'dead-letter') {
      const { reason } = outcome;
      this.span.addEvent(SPAN_EVENT.DEAD_LETTER, { [ATTR.DEAD_LETTER_REASON]: reason.message, [ATTR.ERROR_TYPE]: reason.code ?? reason.name });
      this.metrics?.deadLettered(this.names.attributes(), reason.code ?? reason.name);
    } else if (outcome.kind === 'redeliver') {
      this.span.addEvent(SPAN_EVENT.REDELIVERY);
    }
    this.span.end();
  }

  private retried({ tries, error, delayMs }: HandlerRetry): void {
    this.span.addEvent(SPAN_EVENT.RETRY, {
      [ATTR.RETRY_TRIES]: tries,
      [ATTR.RETRY_DELAY_MS]: Math.round(delayMs),
      [ATTR.EXCEPTION_TYPE]: errorType(error),
      [ATTR.EXCEPTION_MESSAGE]: error instanceof Error ? error.message : String(error),
    });
  }

  private seconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}

/**
 * The handler's result with `active`'s trace context in every event's headers (replacing any it
 * had: an event a handler returns is caused by this delivery), so their deliveries continue the trace.
 */
function withContext(result: HandlerResult, active: Context): HandlerResult {
  if (result === undefined || result === null) return result;
  const headers = traceHeaders(active);
  if (Object.keys(headers).length === 0) return result;
  if (result instanceof Event) return result.withHeaders(headers);
  if (!Array.isArray(result)) return result; // not an event: the Spine reports it
  return (result as readonly unknown[]).map((item) => (item instanceof Event ? item.withHeaders(headers) : item)) as HandlerResult;
}
