import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule, EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';

const CHUNK = 1_000;

class PingEvent {
  constructor(readonly n: number) {}
}
class PongEvent {
  constructor(readonly n: number) {}
}

@Injectable()
class Counter {
  count = 0;
  target = 0;
  done: () => void = () => undefined;
}

@EventsHandler(PingEvent)
class RelayHandler implements IEventHandler<PingEvent> {
  constructor(private readonly bus: EventBus) {}
  handle(event: PingEvent): void {
    this.bus.publish(new PongEvent(event.n + 1));
  }
}

@EventsHandler(PongEvent)
class SinkHandler implements IEventHandler<PongEvent> {
  constructor(private readonly counter: Counter) {}
  handle(): void {
    if (++this.counter.count === this.counter.target) this.counter.done();
  }
}

@Module({ imports: [CqrsModule.forRoot()], providers: [Counter, RelayHandler, SinkHandler] })
class BenchModule {}

/** The same chain on @nestjs/cqrs's EventBus; returns handler calls per second. */
export async function nestCqrsChain(inputs: number): Promise<number> {
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  await app.init();
  const bus = app.get(EventBus);
  const counter = app.get(Counter);
  counter.target = inputs;
  const finished = new Promise<void>((resolve) => { counter.done = resolve; });
  const events = Array.from({ length: inputs }, (_, n) => new PingEvent(n));
  const started = process.hrtime.bigint();
  // In chunks: the EventBus keeps one inner subscription per handler call until its promise settles,
  // and a 200,000-event synchronous burst makes that bookkeeping quadratic.
  for (let i = 0; i < events.length; i++) {
    bus.publish(events[i] as PingEvent);
    if (i % CHUNK === CHUNK - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  return (inputs * 2) / seconds;
}
