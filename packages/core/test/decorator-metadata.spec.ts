// Compiled without emitDecoratorMetadata (or run by tsx or esbuild, which never emit it), an organ's
// constructor parameters have no types: tsyringe can only say `TypeInfo not known for "ChargeCard"`.
// The Spine says which organ, why, and how to fix it. Decorators applied as plain function calls
// below are what such compilers produce: no `design:paramtypes` metadata.
import { BACKEND, ConfigurationError, Event, ListensTo, Organ, Spine, silentLogger } from '../src';
import { container, inject, injectable } from 'tsyringe';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { thrown } from './helpers';

class PaymentGateway {
  charge(): string {
    return 'charged';
  }
}

class ChargeCard {
  constructor(readonly gateway: PaymentGateway) {}
  handle() {}
}
ListensTo('ORDER_PLACED')(ChargeCard);
Organ()(ChargeCard);

/** Its own metadata is there, its dependency's is not. */
class Ledger {
  constructor(readonly gateway: PaymentGateway) {}
}
injectable()(Ledger);

@Organ()
@ListensTo('PAYMENT_TAKEN')
class RecordPayment {
  constructor(readonly ledger: Ledger) {}
  handle() {}
}

/** Named tokens need no type metadata. */
class SendReceipt {
  constructor(readonly gateway: PaymentGateway) {}
  handle(event: Event) {
    return new Event('RECEIPT_SENT', { by: this.gateway.charge(), orderId: event.payload.orderId as string });
  }
}
inject('gateway')(SendReceipt, undefined, 0);
ListensTo('RECEIPT_REQUESTED')(SendReceipt);
Organ()(SendReceipt);

const HELP = [/"emitDecoratorMetadata": true/, /decoratorMetadata/, /tsx and esbuild/, /@inject\(/, /new Spine\(\{ organs: \[new ChargeCard\(/];

function expectExplained(error: unknown, what: RegExp): void {
  expect(error).toBeInstanceOf(ConfigurationError);
  const config = error as ConfigurationError;
  expect(config.code).toBe('NECRO_CONFIG_INVALID');
  expect(config.message).toMatch(what);
  expect(config.message).toContain('design:paramtypes');
  for (const hint of HELP) expect(config.help).toMatch(hint);
}

describe('organs compiled without decorator metadata', () => {
  const spine = (organs: object[]) => new Spine({ organs, backend: new InMemoryBackend(), logger: silentLogger });

  it('fail with a ConfigurationError naming the organ, the cause and the fixes', () => {
    expectExplained(thrown(() => spine([ChargeCard])),
      /^Invalid option organs: organ ChargeCard cannot be built: its constructor takes 1 parameter\(s\) but has no type metadata/);
  });

  it('name the dependency whose constructor lacks the metadata', () => {
    expectExplained(thrown(() => spine([RecordPayment])), /organ RecordPayment cannot be built: .*constructor of Ledger/);
  });

  it('fail the same way through container.resolve(Spine), with the error unwrapped', () => {
    const child = container.createChildContainer();
    child.register(BACKEND, { useValue: new InMemoryBackend() });
    child.register('gateway', { useValue: new PaymentGateway() });
    expectExplained(thrown(() => child.resolve(Spine)), /organ ChargeCard cannot be built/);
  });

  it('work when every parameter is named with @inject, or given as an instance', async () => {
    const child = container.createChildContainer();
    child.register('gateway', { useValue: new PaymentGateway() });
    const organs = [child.resolve(SendReceipt), new ChargeCard(new PaymentGateway())];
    const stats = await spine(organs).run(new Event('RECEIPT_REQUESTED', { orderId: 'A-1' }));
    expect(stats.eventsProcessed).toBe(1);
  });
});
