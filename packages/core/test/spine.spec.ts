import {
  BACKEND, Event, HandlerFailureMode, ListensTo, Organ, PayloadValidationError, SPINE_OPTIONS, Spine, silentLogger,
} from '../src';
import { container } from 'tsyringe';
import { IsInt, IsString, Min } from 'class-validator';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { runOrgans } from '@necrostack/testing';

class PingDto {
  @IsInt() @Min(0) n!: number;
  @IsString() from!: string;
}

@Organ()
@ListensTo('PING', { payload: PingDto })
class Relay {
  handle(event: Event<PingDto>) {
    return new Event('PONG', { n: event.payload.n + 1 });
  }
}

@Organ()
class Sink {
  readonly seen: number[] = [];
  @ListensTo('PONG')
  pong(event: Event) {
    this.seen.push(event.payload.n as number);
  }
}

@Organ({ name: 'Flaky' })
@ListensTo('PONG')
class Flaky {
  calls = 0;
  async handle() {
    this.calls++;
    throw new Error('boom');
  }
}

describe('Spine on the in-memory backend', () => {
  it('routes a chain and stamps lineage', async () => {
    const sink = new Sink();
    const backend = new InMemoryBackend();
    const spine = new Spine({ organs: [new Relay(), sink], backend, logger: silentLogger });
    const ping = new Event('PING', { n: 1, from: 'test' });
    const stats = await spine.run(ping);
    expect(sink.seen).toEqual([2]);
    expect(stats.eventsProcessed).toBe(2);
    expect(stats.eventsEmitted).toBe(1);
  });

  it('rejects an invalid payload at publish, naming the property', async () => {
    const spine = new Spine({ organs: [Relay], backend: new InMemoryBackend(), logger: silentLogger });
    await expect(spine.publish(new Event('PING', { n: -1, from: 'x' }))).rejects.toThrow(PayloadValidationError);
    await expect(spine.publish(new Event('PING', { n: -1, from: 'x' }))).rejects.toThrow(/n \(min/);
  });

  it('dead-letters after 3 tries in STORE mode, and isolates organs', async () => {
    const sink = new Sink();
    const flaky = new Flaky();
    const run = await runOrgans([new Relay(), sink, flaky], [new Event('PING', { n: 1, from: 't' })]);
    expect(flaky.calls).toBe(3);
    expect(sink.seen).toEqual([2]);
    expect(run.deadLetters).toHaveLength(1);
    expect(run.deadLetters[0]?.organ).toBe('Flaky');
    expect(run.deadLetters[0]?.error.message).toBe('boom');
    expect(run.emittedOfType('PONG')).toHaveLength(1);
  });

  it('redelivers in NACK mode up to maxDeliveries, then dead-letters', async () => {
    const flaky = new Flaky();
    const run = await runOrgans([flaky], [new Event('PONG', { n: 1 })], { handlerFailureMode: HandlerFailureMode.NACK, retryAttempts: 1 });
    expect(flaky.calls).toBe(3);
    expect(run.deadLetters[0]?.attempts).toBe(3);
  });

  it('is built by the container with discovered organs', async () => {
    const child = container.createChildContainer();
    child.register(BACKEND, { useValue: new InMemoryBackend() });
    child.register(SPINE_OPTIONS, { useValue: { logger: silentLogger, organs: [Relay, Sink] } });
    const spine = child.resolve(Spine);
    const stats = await spine.run(new Event('PING', { n: 5, from: 'di' }));
    expect(stats.eventsProcessed).toBe(2);
  });
});
