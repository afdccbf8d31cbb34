// Organs are Nest providers: Nest builds them, the module finds them in every module.
import {
  Event, ListensTo, OrganDefinitionError, Organ, Saga, SagaInstance, SagaStep, Spine, sagas,
} from '@necrostack/core';
import { InMemorySagaStore } from '@necrostack/backend-memory';
import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { SpineNotReadyError } from '../src';
import { recordingLogger, waitFor } from '../../core/test/helpers';
import { closeAll, startModule } from './support/testing-app';

const MAILER = 'MAILER';

/** A Nest singleton the organs share. */
@Injectable()
class Ledger {
  readonly entries: string[] = [];
}

/** What the organ gets by token. */
interface Mailer {
  readonly sent: string[];
}

@Organ()
@ListensTo('ORDER_PLACED')
class RecordOrder {
  constructor(readonly ledger: Ledger, @Inject(MAILER) readonly mailer: Mailer) {}

  handle(event: Event) {
    this.ledger.entries.push(`order ${String(event.payload.orderId)}`);
    this.mailer.sent.push(String(event.payload.orderId));
    return new Event('ORDER_RECORDED', { orderId: event.payload.orderId });
  }
}

/** Method-level handlers, in another feature module. */
@Organ()
class Shipping {
  constructor(readonly ledger: Ledger) {}

  @ListensTo('ORDER_RECORDED')
  ship(event: Event) {
    this.ledger.entries.push(`ship ${String(event.payload.orderId)}`);
  }

  @ListensTo('ORDER_CANCELLED')
  cancel(event: Event) {
    this.ledger.entries.push(`cancel ${String(event.payload.orderId)}`);
  }
}

@Module({ providers: [Ledger], exports: [Ledger] })
class LedgerModule {}

@Module({
  imports: [LedgerModule],
  providers: [RecordOrder, { provide: MAILER, useValue: { sent: [] } satisfies Mailer }],
})
class OrdersModule {}

@Module({ imports: [LedgerModule], providers: [Shipping] })
class ShippingModule {}

afterEach(closeAll);

describe('organs among the providers', () => {
  it('gets Nest\'s singleton and an @Inject(token) value, and handles a published event', async () => {
    const app = await startModule({ imports: [OrdersModule, ShippingModule] });
    const ledger = app.get(Ledger);
    const mailer = app.get<Mailer>(MAILER, { strict: false });

    await app.get(Spine).publish(new Event('ORDER_PLACED', { orderId: 'A-1' }));
    await waitFor(() => ledger.entries.length === 2, 'the two organs to record');

    expect(ledger.entries).toEqual(['order A-1', 'ship A-1']);
    expect(mailer.sent).toEqual(['A-1']);
    expect(app.get(RecordOrder, { strict: false }).ledger).toBe(ledger);
  });

  it('finds organs in imported feature modules, with method-level @ListensTo', async () => {
    const app = await startModule({ imports: [OrdersModule, ShippingModule], autoStart: false });
    const spine = app.get(Spine);

    const stats = await spine.run([new Event('ORDER_PLACED', { orderId: 'B-2' }), new Event('ORDER_CANCELLED', { orderId: 'C-3' })]);

    expect(app.get(Ledger).entries).toEqual(['order B-2', 'cancel C-3', 'ship B-2']);
    expect(stats.eventsProcessed).toBe(3);
  });

  it('injects a Spine that is an instance of Spine, the same everywhere', async () => {
    const app = await startModule({ imports: [OrdersModule], autoStart: false });
    expect(app.get(Spine)).toBeInstanceOf(Spine);
    expect(app.get(Spine)).toBe(app.get(Spine));
  });
});

describe('an organ listed twice', () => {
  @Organ()
  @ListensTo('PING')
  class CountPings {
    static calls = 0;
    handle() {
      CountPings.calls++;
    }
  }

  @Module({ providers: [CountPings, { provide: 'ALIAS', useExisting: CountPings }] })
  class FirstModule {}

  @Module({ providers: [CountPings] })
  class SecondModule {}

  it('is delivered each event once, whether aliased or provided by two modules', async () => {
    CountPings.calls = 0;
    const logger = recordingLogger();
    const app = await startModule({ imports: [FirstModule, SecondModule], autoStart: false, spine: { logger } });

    const stats = await app.get(Spine).run([new Event('PING'), new Event('PING')]);

    expect(CountPings.calls).toBe(2);
    expect(stats.eventsProcessed).toBe(2);
    expect(logger.lines).toContainEqual(expect.objectContaining({
      level: 'warn', fields: { organ: 'CountPings', used: 'FirstModule', ignored: 'SecondModule' },
    }));
  });
});

describe('a request-scoped organ', () => {
  @Organ()
  @ListensTo('PING')
  @Injectable({ scope: Scope.REQUEST })
  class PerRequest {
    handle() {}
  }

  @Injectable({ scope: Scope.REQUEST })
  class RequestContext {}

  @Organ()
  @ListensTo('PING')
  class NeedsRequest {
    constructor(readonly context: RequestContext) {}
    handle() {}
  }

  it('is refused at init with an error naming the organ and the fix', async () => {
    const failure = startModule({ providers: [PerRequest] });
    await expect(failure).rejects.toBeInstanceOf(OrganDefinitionError);
    await expect(failure).rejects.toThrow(/^Organ PerRequest: is request-scoped \(Scope\.REQUEST\); the Spine needs one instance/);
    await expect(failure).rejects.toMatchObject({ code: 'NECRO_ORGAN_INVALID', help: expect.stringContaining('singleton') });
  });

  it('is refused too when a request-scoped dependency makes it request-scoped', async () => {
    await expect(startModule({ providers: [NeedsRequest, RequestContext] }))
      .rejects.toThrow(/^Organ NeedsRequest: depends on a request-scoped provider/);
  });
});

describe('the injected Spine', () => {
  @Organ()
  @ListensTo('PING')
  class Pong {
    handle() {}
  }

  it('throws SpineNotReadyError before init, saying to call init()', async () => {
    const app = await startModule({ providers: [Pong], init: false });
    expect(() => app.get(Spine).getStats()).toThrow(SpineNotReadyError);
    expect(() => app.get(Spine).getStats()).toThrow(expect.objectContaining({ code: 'NECRO_SPINE_NOT_READY', help: expect.stringContaining('moduleRef.init()') }));
    await app.init();
    expect(app.get(Spine).getStats().eventsProcessed).toBe(0);
  });

  it('does not exist without organs: a warning, and SpineNotReadyError with the reason', async () => {
    const logger = recordingLogger();
    const app = await startModule({ spine: { logger } });
    expect(() => app.get(Spine).publish(new Event('PING'))).toThrow(expect.objectContaining({ reason: 'no organs' }));
    expect(logger.lines.map((l) => `${l.level} ${l.message}`)).toContain(
      'warn No @Organ() provider in the application: the Spine is not built, events are only published');
  });
});

describe('a saga among the providers', () => {
  @Saga<{ lines: string[] }>({ correlate: 'orderId', initialState: () => ({ lines: [] }) })
  class FulfilmentSaga {
    constructor(readonly ledger: Ledger) {}

    @SagaStep('ORDER_PLACED', { starts: true })
    placed(event: Event<{ orderId: string }>, saga: SagaInstance<{ lines: string[] }>) {
      saga.state.lines.push('placed');
      return new Event('PACK', { orderId: event.payload.orderId });
    }

    @SagaStep('PACKED')
    packed(_event: Event, saga: SagaInstance<{ lines: string[] }>) {
      saga.state.lines.push('packed');
      saga.complete();
      this.ledger.entries.push(`${saga.key}: ${saga.state.lines.join(', ')}`);
    }
  }

  @Organ()
  class Packer {
    @ListensTo('PACK')
    pack(event: Event<{ orderId: string }>) {
      return new Event('PACKED', { orderId: event.payload.orderId });
    }
  }

  @Module({ imports: [LedgerModule], providers: [FulfilmentSaga, Packer] })
  class FulfilmentModule {}

  it('is built by Nest with its dependencies and keeps its state between steps', async () => {
    const store = new InMemorySagaStore();
    const app = await startModule({ imports: [FulfilmentModule], autoStart: false, spine: { middleware: [sagas({ store })] } });
    await app.get(Spine).run(new Event('ORDER_PLACED', { orderId: 'S-1' }));
    expect(app.get(Ledger).entries).toEqual(['S-1: placed, packed']);
    expect((await store.load('FulfilmentSaga', 'S-1'))?.version).toBe(2);
  });
});
