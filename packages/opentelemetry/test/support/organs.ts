import { trace } from '@opentelemetry/api';
import { Event, ListensTo, Organ } from '@necrostack/core';

/** PING → PONG, with a span of its own around its work (it must nest under the delivery's). */
@Organ({ name: 'Relay' })
@ListensTo('PING')
export class Relay {
  handle(event: Event): Event {
    return trace.getTracer('test-app').startActiveSpan('relay work', (span) => {
      span.end();
      return new Event('PONG', { n: (event.payload.n as number) + 1 }, { headers: { tenant: 'acme' } });
    });
  }
}

/** Counts the PONGs it handles, asynchronously. */
@Organ({ name: 'Sink' })
@ListensTo('PONG')
export class Sink {
  handled = 0;
  async handle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.handled++;
  }
}

/** Fails `failures` times (every time by default), then succeeds. */
@Organ({ name: 'Declined' })
@ListensTo('CHARGE')
export class Declined {
  constructor(public failures = Number.POSITIVE_INFINITY) {}

  async handle(): Promise<void> {
    if (this.failures-- > 0) throw new TypeError('card declined');
  }
}
