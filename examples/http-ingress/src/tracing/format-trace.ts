import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { DemoSummary } from '../demo/run-demo';

const KINDS: Record<number, string> = {
  [SpanKind.SERVER]: 'server', [SpanKind.CLIENT]: 'client', [SpanKind.PRODUCER]: 'producer', [SpanKind.CONSUMER]: 'consumer', [SpanKind.INTERNAL]: 'internal',
};

/** What `--trace` prints: the trace of the demo's first order, from its HTTP request to the last organ. */
export function traceOfFirstOrder(spans: readonly ReadableSpan[], summary: DemoSummary): string {
  const first = summary.orders[0];
  const tree = first && formatTraceOf(spans, first.eventId);
  return tree === undefined ? 'No trace recorded for the first order\n' : `${tree}\n`;
}

/**
 * The trace of the span whose `messaging.message.id` is `eventId` (the PRODUCER span of its
 * publish) as a tree, root first, children in start order, each line its name, kind, organ and
 * duration. Undefined when no span names that event.
 */
export function formatTraceOf(spans: readonly ReadableSpan[], eventId: string): string | undefined {
  const published = spans.find((span) => span.attributes['messaging.message.id'] === eventId && span.kind === SpanKind.PRODUCER);
  if (published === undefined) return undefined;
  const { traceId } = published.spanContext();
  const inTrace = spans.filter((span) => span.spanContext().traceId === traceId).sort((a, b) => toNanos(a.startTime) - toNanos(b.startTime));
  const ids = new Set(inTrace.map((span) => span.spanContext().spanId));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of inTrace) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const lines = [`Trace ${traceId} (${inTrace.length} spans):`];
  const walk = (span: ReadableSpan, prefix: string, last: boolean, root: boolean): void => {
    lines.push(`${root ? '' : `${prefix}${last ? '└─ ' : '├─ '}`}${describe(span)}`);
    const below = children.get(span.spanContext().spanId) ?? [];
    below.forEach((child, i) => walk(child, root ? '' : `${prefix}${last ? '   ' : '│  '}`, i === below.length - 1, false));
  };
  for (const root of children.get(undefined) ?? []) walk(root, '', true, true);
  return `${lines.join('\n')}\n`;
}

function describe(span: ReadableSpan): string {
  const organ = span.attributes['necrostack.organ'];
  const ms = (toNanos(span.duration) / 1e6).toFixed(2);
  const status = span.status.code === 2 ? ' ERROR' : '';
  return `${span.name}  [${KINDS[span.kind] ?? 'span'}${organ === undefined ? '' : ` ${String(organ)}`}]  ${ms} ms${status}`;
}

function toNanos([seconds, nanos]: readonly [number, number]): number {
  return seconds * 1e9 + nanos;
}
