import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import { ATTR, METRIC } from '../semconv';

// The conventions' bucket boundaries for messaging durations, in seconds.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The instruments of the messaging conventions (and the dead-letter counter), made once per meter. */
export class MessagingMetrics {
  private readonly processDuration: Histogram;
  private readonly consumed: Counter;
  private readonly deadLetters: Counter;
  private readonly sent: Counter;
  private readonly operationDuration: Histogram;

  constructor(meter: Meter) {
    const advice = { advice: { explicitBucketBoundaries: DURATION_BUCKETS } };
    this.processDuration = meter.createHistogram(METRIC.PROCESS_DURATION, {
      description: 'Duration of one handler call of a delivery, retries included', unit: 's', ...advice,
    });
    this.consumed = meter.createCounter(METRIC.CONSUMED_MESSAGES, { description: 'Deliveries handed to a handler', unit: '{message}' });
    this.deadLetters = meter.createCounter(METRIC.DEAD_LETTERS, { description: 'Deliveries written to the dead-letter store', unit: '{message}' });
    this.sent = meter.createCounter(METRIC.SENT_MESSAGES, { description: 'Events published', unit: '{message}' });
    this.operationDuration = meter.createHistogram(METRIC.OPERATION_DURATION, {
      description: 'Duration of one publish call', unit: 's', ...advice,
    });
  }

  /** One handler call ended after `seconds`; `errorType` when it failed. */
  processed(attributes: Attributes, seconds: number, errorType: string | undefined): void {
    const labelled = errorType === undefined ? attributes : { ...attributes, [ATTR.ERROR_TYPE]: errorType };
    this.consumed.add(1, labelled);
    this.processDuration.record(seconds, labelled);
  }

  /** A failed delivery was dead-lettered. */
  deadLettered(attributes: Attributes, errorType: string): void {
    this.deadLetters.add(1, { ...attributes, [ATTR.ERROR_TYPE]: errorType });
  }

  /** A publish call of `count` events ended after `seconds`; `errorType` when it failed. */
  published(attributes: Attributes, count: number, seconds: number, errorType: string | undefined): void {
    const labelled = errorType === undefined ? attributes : { ...attributes, [ATTR.ERROR_TYPE]: errorType };
    this.sent.add(count, labelled);
    this.operationDuration.record(seconds, labelled);
  }
}

/** `error.type`: the error's class name, low in cardinality as the conventions ask. */
export function errorType(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER';
}
