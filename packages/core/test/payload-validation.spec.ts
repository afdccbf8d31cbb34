// DTO payloads: validated at publish and again before the handler.
import {
  Event, HandlerFailureMode, ListensTo, NecroStackError, Organ, PayloadValidationError, Spine, silentLogger, validatePayload,
  type PayloadViolation,
} from '../src';
import { InMemoryBackend } from '@necrostack/backend-memory';
import {
  IsDefined, IsInt, IsNotEmpty, IsOptional, IsString, Length, Min, Validate, ValidateNested, ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Type } from 'class-transformer';
import { thrown } from './helpers';

class AddressDto {
  @IsString() @Length(5, 5) zip!: string;
  @IsString() @IsNotEmpty() city!: string;
}

class LineDto {
  @IsString() @IsNotEmpty() sku!: string;
  @IsInt() @Min(1) qty!: number;
}

class OrderDto {
  @IsString() @IsNotEmpty() orderId!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsDefined() @ValidateNested() @Type(() => AddressDto) address!: AddressDto;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => LineDto) lines?: LineDto[];
}

const validOrder = { orderId: 'A-1', quantity: 2, address: { zip: '75001', city: 'Paris' }, lines: [{ sku: 'x', qty: 1 }] };

@ValidatorConstraint({ name: 'explodes' })
class Explodes implements ValidatorConstraintInterface {
  validate(): boolean {
    throw new Error('validator kaboom');
  }
}

class FragileDto {
  @Validate(Explodes) value!: string;
}

@Organ()
class Shop {
  readonly received: Event<object>[] = [];

  @ListensTo('ORDER_PLACED', { payload: OrderDto })
  placed(event: Event<OrderDto>) {
    this.received.push(event);
  }

  @ListensTo('FRAGILE', { payload: FragileDto })
  fragile(event: Event<FragileDto>) {
    this.received.push(event);
  }

  @ListensTo('UNTYPED')
  untyped(event: Event) {
    this.received.push(event);
  }
}

function setup(mode?: HandlerFailureMode) {
  const shop = new Shop();
  const backend = new InMemoryBackend();
  const spine = new Spine({
    organs: [shop], backend, logger: silentLogger, retryBaseDelayMs: 1, ...(mode ? { handlerFailureMode: mode } : {}),
  });
  return { shop, backend, spine };
}

function payloadError(fn: () => unknown): PayloadValidationError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(PayloadValidationError);
  return error as PayloadValidationError;
}

function byProperty(violations: readonly PayloadViolation[]): Record<string, string[]> {
  return Object.fromEntries(violations.map((v) => [v.property, Object.keys(v.constraints).sort()]));
}

async function rejection(promise: Promise<unknown>): Promise<PayloadValidationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PayloadValidationError);
  return error as PayloadValidationError;
}

describe('DTO payloads', () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  describe('at publish', () => {
    it('rejects an invalid payload listing every failing property and constraint, nested ones included', async () => {
      const { spine } = setup();
      const bad = { orderId: '', quantity: 0.5, address: { zip: '1', city: '' }, lines: [{ sku: 'ok', qty: 1 }, { sku: '', qty: 0 }] };
      const error = await rejection(spine.publish(new Event('ORDER_PLACED', bad)));
      expect(byProperty(error.violations)).toEqual({
        orderId: ['isNotEmpty'],
        quantity: ['isInt', 'min'],
        'address.zip': ['isLength'],
        'address.city': ['isNotEmpty'],
        'lines.1.sku': ['isNotEmpty'],
        'lines.1.qty': ['min'],
      });
      expect(error.eventType).toBe('ORDER_PLACED');
      expect(error.dtoName).toBe('OrderDto');
      expect(error.code).toBe('NECRO_PAYLOAD_INVALID');
      expect(error).toBeInstanceOf(NecroStackError);
      for (const property of ['orderId', 'quantity', 'address.zip', 'address.city', 'lines.1.sku', 'lines.1.qty']) {
        expect(error.message).toContain(property);
      }
    });

    it('reports missing properties', async () => {
      const { spine } = setup();
      const error = await rejection(spine.publish(new Event('ORDER_PLACED', {})));
      expect(Object.keys(byProperty(error.violations)).sort()).toEqual(['address', 'orderId', 'quantity']);
    });

    it('enqueues nothing of a batch when one event is invalid', async () => {
      const { spine, backend, shop } = setup();
      await rejection(spine.publish([new Event('ORDER_PLACED', validOrder), new Event('ORDER_PLACED', { ...validOrder, quantity: 0 })]));
      expect(backend.size).toBe(0);
      await spine.run();
      expect(shop.received).toHaveLength(0);
    });

    it('accepts a valid payload and does not validate types without a DTO', async () => {
      const { spine, backend } = setup();
      await spine.publish([new Event('ORDER_PLACED', validOrder), new Event('UNTYPED', { anything: [1, 'x'] })]);
      expect(backend.size).toBe(2);
    });

    it('validates against the DTO of every organ that listens to the type', async () => {
      class StrictDto {
        @IsString() @Length(10, 10) orderId!: string;
      }
      @Organ()
      @ListensTo('ORDER_PLACED', { payload: StrictDto })
      class Auditor {
        handle() {}
      }
      const spine = new Spine({ organs: [new Shop(), new Auditor()], backend: new InMemoryBackend(), logger: silentLogger });
      const error = await rejection(spine.publish(new Event('ORDER_PLACED', validOrder)));
      expect(error.dtoName).toBe('StrictDto');
    });

    it('rejects a validator that throws, with the reason', async () => {
      const { spine } = setup();
      const error = await rejection(spine.publish(new Event('FRAGILE', { value: 'x' })));
      expect(error.message).toContain('validator kaboom');
    });

    it.each([
      ['__proto__', '{"orderId":"A-1","quantity":1,"address":{"zip":"75001","city":"P"},"__proto__":{"isAdmin":true}}', 'payload.__proto__'],
      ['constructor', '{"orderId":"A-1","quantity":1,"address":{"zip":"75001","city":"P"},"constructor":{"prototype":{"polluted":1}}}', 'payload.constructor'],
      ['a nested __proto__', '{"orderId":"A-1","quantity":1,"address":{"zip":"75001","city":"P","__proto__":{"polluted":1}}}', 'payload.address.__proto__'],
      ['prototype in an array item', '{"orderId":"A-1","quantity":1,"address":{"zip":"75001","city":"P"},"lines":[{"sku":"a","qty":1,"prototype":{}}]}', 'payload.lines.0.prototype'],
    ])('rejects a payload with a %s key, without polluting any prototype', async (_label, json, property) => {
      const { spine } = setup();
      const error = await rejection(spine.publish(new Event('ORDER_PLACED', JSON.parse(json) as object)));
      expect(error.violations.map((v) => v.property)).toEqual([property]);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin')).toBe(false);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
      expect(Object.getPrototypeOf(new OrderDto())).toBe(OrderDto.prototype);
    });
  });

  describe('before the handler', () => {
    it('hands the handler the DTO instance, nested DTOs included, frozen', async () => {
      const { spine, shop } = setup();
      await spine.run(new Event('ORDER_PLACED', validOrder));
      const [event] = shop.received as Event<OrderDto>[];
      expect(event?.payload).toBeInstanceOf(OrderDto);
      expect(event?.payload.address).toBeInstanceOf(AddressDto);
      expect(event?.payload.lines?.[0]).toBeInstanceOf(LineDto);
      expect(event?.payload).toEqual(Object.assign(new OrderDto(), validOrder));
      expect(Object.isFrozen(event?.payload)).toBe(true);
      expect(Object.isFrozen(event?.payload.address)).toBe(true);
    });

    it('keeps the event identity (id, type, timestamp) in the view the handler gets', async () => {
      const { spine, shop } = setup();
      const sent = new Event('ORDER_PLACED', validOrder);
      await spine.run(sent);
      expect(shop.received[0]?.id).toBe(sent.id);
      expect(shop.received[0]?.eventType).toBe('ORDER_PLACED');
      expect(shop.received[0]?.timestamp.getTime()).toBe(sent.timestamp.getTime());
    });

    it.each([HandlerFailureMode.STORE, HandlerFailureMode.NACK, HandlerFailureMode.LOG])(
      'dead-letters an invalid event put straight on the backend, without calling the handler (%s mode)',
      async (mode) => {
        const { spine, backend, shop } = setup(mode);
        const bad = new Event('ORDER_PLACED', { ...validOrder, quantity: -3 });
        await backend.enqueue(bad);
        const stats = await spine.run();
        expect(shop.received).toHaveLength(0);
        const letters = await spine.failedEventStore.getAll();
        expect(letters).toHaveLength(1);
        expect(letters[0]?.event?.id).toBe(bad.id);
        expect(letters[0]?.organ).toBe('Shop');
        expect(letters[0]?.attempts).toBe(1);
        expect(letters[0]?.error).toMatchObject({ name: 'PayloadValidationError', code: 'NECRO_PAYLOAD_INVALID' });
        expect(letters[0]?.error.message).toContain('quantity');
        expect(stats.eventsDeadLettered).toBe(1);
      },
    );

    it('dead-letters a payload whose validator throws, with the reason, and the worker goes on', async () => {
      const { spine, backend, shop } = setup();
      await backend.enqueue([new Event('FRAGILE', { value: 'x' }), new Event('UNTYPED', { after: true })]);
      await spine.run();
      expect(shop.received.map((e) => e.eventType)).toEqual(['UNTYPED']);
      const [letter] = await spine.failedEventStore.getAll();
      expect(letter?.error.name).toBe('PayloadValidationError');
      expect(letter?.error.message).toContain('validator kaboom');
    });

    it('dead-letters a payload with a __proto__ key put straight on the backend', async () => {
      const { spine, backend, shop } = setup();
      const json = '{"orderId":"A-1","quantity":1,"address":{"zip":"75001","city":"P"},"__proto__":{"isAdmin":true}}';
      await backend.enqueue(new Event('ORDER_PLACED', JSON.parse(json) as object));
      await spine.run();
      expect(shop.received).toHaveLength(0);
      const [letter] = await spine.failedEventStore.getAll();
      expect(letter?.error.message).toContain('__proto__');
    });
  });

  describe('validatePayload()', () => {
    it('returns a frozen DTO instance', () => {
      const order = validatePayload(OrderDto, validOrder, 'ORDER_PLACED');
      expect(order).toBeInstanceOf(OrderDto);
      expect(Object.isFrozen(order.lines)).toBe(true);
    });

    it('does not touch the payload it was given', () => {
      const payload = { ...validOrder, address: { ...validOrder.address } };
      validatePayload(OrderDto, payload, 'ORDER_PLACED');
      expect(Object.isFrozen(payload)).toBe(false);
      expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    });

    it('throws PayloadValidationError naming the property', () => {
      const error = payloadError(() => validatePayload(OrderDto, { ...validOrder, orderId: 5 }, 'ORDER_PLACED'));
      expect(byProperty(error.violations)).toEqual({ orderId: ['isString'] });
      expect(error.help).toMatch(/OrderDto/);
    });
  });
});
