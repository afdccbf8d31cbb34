import { EventEmitter } from 'node:events';
import { Event, ListensTo, Organ, Spine } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule, EventBus, EventsHandler } from '@nestjs/cqrs';
import { quietLogger } from '../lib/quiet-logger';

const counter = { calls: 0, target: 0, done: (): void => undefined };
const count = (): void => {
  if (++counter.calls === counter.target) counter.done();
};

const organClasses = new Map<string, (new () => object)[]>();

/** `n` organ classes (names must be unique) that all listen to `eventType`; built once per pair. */
export function fanOutOrgans(n: number, eventType = 'FAN'): (new () => object)[] {
  const key = `${eventType}:${n}`;
  let classes = organClasses.get(key);
  if (!classes) {
    classes = Array.from({ length: n }, (_, i) => {
      @Organ({ name: `Listener${i + 1}of${n}` })
      @ListensTo(eventType)
      class Listener {
        handle(): void {
          count();
        }
      }
      return Listener;
    });
    organClasses.set(key, classes);
  }
  return classes;
}

/** Handler calls and the counter they bump, for scenarios in other modules. */
export const fanOutCounter = counter;

/** One event type, `organs` listeners, `inputs` events on the in-memory backend; handler calls/s. */
export async function necrostackFanOut(inputs: number, organs: number): Promise<number> {
  counter.calls = 0;
  const backend = new InMemoryBackend();
  const spine = new Spine({
    organs: fanOutOrgans(organs).map((Listener) => new Listener()), backend, logger: quietLogger(), maxSteps: inputs * organs + 1,
  });
  const events = Array.from({ length: inputs }, (_, n) => new Event('FAN', { n }));
  const started = process.hrtime.bigint();
  await backend.enqueue(events);
  await spine.run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await backend.close();
  if (counter.calls !== inputs * organs) throw new Error(`fan-out saw ${counter.calls} of ${inputs * organs} calls`);
  return counter.calls / seconds;
}

/** The same on Node's EventEmitter: `organs` listeners, synchronous. */
export async function eventEmitterFanOut(inputs: number, organs: number): Promise<number> {
  counter.calls = 0;
  const bus = new EventEmitter();
  bus.setMaxListeners(organs + 1);
  for (let i = 0; i < organs; i++) bus.on('FAN', count);
  const messages = Array.from({ length: inputs }, (_, n) => ({ type: 'FAN', n }));
  const started = process.hrtime.bigint();
  for (const message of messages) bus.emit('FAN', message);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (counter.calls !== inputs * organs) throw new Error('emitter lost calls');
  return counter.calls / seconds;
}

class FanEvent {
  constructor(readonly n: number) {}
}

const nestModules = new Map<number, new () => object>();

function nestModule(organs: number): new () => object {
  let module = nestModules.get(organs);
  if (!module) {
    const handlers = Array.from({ length: organs }, () => {
      @EventsHandler(FanEvent)
      class Handler {
        handle(): void {
          count();
        }
      }
      return Handler;
    });
    @Module({ imports: [CqrsModule.forRoot()], providers: handlers })
    class FanOutModule {}
    module = FanOutModule;
    nestModules.set(organs, module);
  }
  return module;
}

/** The same on @nestjs/cqrs: `organs` handlers of one event class. */
export async function nestCqrsFanOut(inputs: number, organs: number): Promise<number> {
  const app = await NestFactory.createApplicationContext(nestModule(organs), { logger: false });
  await app.init();
  const bus = app.get(EventBus);
  counter.calls = 0;
  counter.target = inputs * organs;
  const finished = new Promise<void>((resolve) => { counter.done = resolve; });
  const events = Array.from({ length: inputs }, (_, n) => new FanEvent(n));
  const started = process.hrtime.bigint();
  // In chunks, as in the chain: a synchronous burst makes the EventBus's bookkeeping quadratic.
  for (let i = 0; i < events.length; i++) {
    bus.publish(events[i] as FanEvent);
    if (i % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  counter.done = () => undefined;
  return counter.calls / seconds;
}
